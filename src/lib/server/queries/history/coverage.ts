import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, collectQuery, str, strArray } from '../run';
import { importedNotLive } from './importedNotLive';

const Row = v.object({
	channel: str,
	queue: str,
	src: v.picklist(['import', 'live']),
	first: num,
	last: num,
	intervals: num,
	offered: num,
	mins: v.array(num),
	days: strArray
});

export interface CoverageSeries {
	channel: string;
	queue: string;
	/** first and last interval start with data (ISO, UTC) */
	first: string | null;
	last: string | null;
	/** imported intervals (after live wins) plus 15-minute intervals with live contacts */
	intervals: number;
	offered: number;
	imported: { intervals: number; offered: number; intervalMinutes: number[] };
	live: { intervals: number; offered: number };
	/** local dates between first and last without any data */
	missingDays: string[];
}

/** Coverage per channel/queue: imported history and live data together, as planning uses them. */
export async function coverage(client: ClickHouseClient, p: { tz: string }): Promise<CoverageSeries[]> {
	const rows = await collectQuery(client, {
		tag: 'history/coverage',
		row: Row,
		params: { tz: p.tz },
		sql: `SELECT channel, queue, 'import' AS src, toUnixTimestamp(min(interval_start)) AS first, toUnixTimestamp(max(interval_start)) AS last,
		        count() AS intervals, sum(offered) AS offered, groupUniqArray(interval_min) AS mins,
		        arraySort(groupUniqArray(toString(toDate(interval_start, {tz: String})))) AS days
		 FROM (${importedNotLive('1 = 1')})
		 GROUP BY channel, queue
		 UNION ALL
		 SELECT channel, queue, 'live' AS src, toUnixTimestamp(min(t)) AS first, toUnixTimestamp(max(t)) AS last,
		        count() AS intervals, sum(o) AS offered, [15] AS mins,
		        arraySort(groupUniqArray(toString(toDate(t, {tz: String})))) AS days
		 FROM (SELECT channel, queue, toStartOfFifteenMinutes(minute) AS t, sum(offered) AS o FROM contact_minute GROUP BY channel, queue, t HAVING o > 0)
		 GROUP BY channel, queue`
	});
	const by = new Map<string, CoverageSeries & { dayset: Set<string>; firstSec: number; lastSec: number }>();
	for (const r of rows) {
		const k = `${r.channel}\u0000${r.queue}`;
		let s = by.get(k);
		if (!s) {
			s = {
				channel: r.channel,
				queue: r.queue,
				first: null,
				last: null,
				intervals: 0,
				offered: 0,
				imported: { intervals: 0, offered: 0, intervalMinutes: [] },
				live: { intervals: 0, offered: 0 },
				missingDays: [],
				dayset: new Set(),
				firstSec: Infinity,
				lastSec: -Infinity
			};
			by.set(k, s);
		}
		s.intervals += r.intervals;
		s.offered += r.offered;
		if (r.src === 'import') s.imported = { intervals: r.intervals, offered: r.offered, intervalMinutes: r.mins.sort((a, b) => a - b) };
		else s.live = { intervals: r.intervals, offered: r.offered };
		s.firstSec = Math.min(s.firstSec, r.first);
		s.lastSec = Math.max(s.lastSec, r.last);
		for (const d of r.days) s.dayset.add(d);
	}
	const out: CoverageSeries[] = [];
	for (const s of by.values()) {
		const days = [...s.dayset].sort();
		const missing: string[] = [];
		if (days.length > 0) {
			const end = Date.parse(`${days[days.length - 1]}T00:00:00Z`);
			for (let t = Date.parse(`${days[0]}T00:00:00Z`); t <= end; t += 86_400_000) {
				const d = new Date(t).toISOString().slice(0, 10);
				if (!s.dayset.has(d)) missing.push(d);
			}
		}
		out.push({
			channel: s.channel,
			queue: s.queue,
			first: new Date(s.firstSec * 1000).toISOString(),
			last: new Date(s.lastSec * 1000).toISOString(),
			intervals: s.intervals,
			offered: s.offered,
			imported: s.imported,
			live: s.live,
			missingDays: missing
		});
	}
	return out.sort((a, b) => a.channel.localeCompare(b.channel) || a.queue.localeCompare(b.queue));
}
