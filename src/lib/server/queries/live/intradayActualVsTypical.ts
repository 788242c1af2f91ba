import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

export interface IntradayHistoryRow {
	channel: string;
	/** interval start, epoch seconds (UTC) */
	t: number;
	offered: number;
}

const Row = v.pipe(
	v.tuple([str, num, num]),
	v.transform(([channel, t, offered]): IntradayHistoryRow => ({ channel, t, offered }))
);

/**
 * Offered per channel and 15-minute interval over a few whole local days (today and the same weekday
 * of recent weeks), from the per-minute aggregate — live events and the history backfill together.
 * The wall-board's intraday chart (issue 18) turns it into "today actual" and "typical shape". Each
 * day is given as [start, end) epoch seconds, so local midnights (and DST days) are the caller's. Run it
 * on the heavy connection, never the ingest one (docs/chdb-engine.md: one query at a time per connection).
 */
export function intradayActualVsTypical(client: ClickHouseClient, p: { days: [number, number][] }): Promise<IntradayHistoryRow[]> {
	// two parallel arrays: the client sends a JS array of pairs as [[a,b]], which is no Tuple literal
	const starts = p.days.map((d) => d[0]);
	const ends = p.days.map((d) => d[1]);
	return runQuery(client, {
		tag: 'live/intradayActualVsTypical',
		format: 'JSONCompactEachRow',
		row: Row,
		params: { starts, ends },
		sql: `SELECT channel, toUnixTimestamp(toStartOfInterval(minute, toIntervalMinute(15))) AS t, sum(offered) AS offered
		      FROM contact_minute
		      WHERE minute >= toDateTime(arrayMin({starts: Array(Int64)})) AND minute < toDateTime(arrayMax({ends: Array(Int64)}))
		        AND arrayExists((a, b) -> toUnixTimestamp(minute) >= a AND toUnixTimestamp(minute) < b, {starts: Array(Int64)}, {ends: Array(Int64)})
		      GROUP BY channel, t ORDER BY channel, t`
	});
}
