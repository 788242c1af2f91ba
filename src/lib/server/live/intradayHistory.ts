import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { intradayActualVsTypical, type IntradayHistoryRow } from '../queries/live/intradayActualVsTypical';

/** Weeks of the same weekday averaged into the typical shape. */
export const TYPICAL_WEEKS = 4;
/** The chart's history is refreshed at most this often (the live series covers the current interval). */
export const HISTORY_TTL_MS = 60_000;

export interface IntradayHistory {
	asOfMs: number;
	todayStartMs: number;
	intervalMin: 15;
	/** the whole business day: every interval start of today (local), 96 on a normal day */
	startsMs: number[];
	/** per channel: today's stored offered per interval (null after now) and the typical shape */
	channels: Record<string, { actual: (number | null)[]; typical: (number | null)[]; typicalWeeks: number }>;
}

/**
 * Today's actual and the typical shape (mean over the same weekday of the last TYPICAL_WEEKS weeks that
 * have data) per 15-minute interval. Pure: the rows come from intradayActualVsTypical.
 */
export function shapeIntradayHistory(rows: IntradayHistoryRow[], channels: string[], timezone: string, nowMs: number): IntradayHistory {
	const { today, weeks } = dayWindows(timezone, nowMs);
	const startsMs: number[] = [];
	for (let t = today[0] * 1000; t < today[1] * 1000; t += 15 * 60_000) startsMs.push(t);
	const n = startsMs.length;
	const out: IntradayHistory['channels'] = {};
	for (const ch of channels) out[ch] = { actual: startsMs.map((s) => (s <= nowMs ? 0 : null)), typical: Array(n).fill(null), typicalWeeks: 0 };
	const sums = new Map<string, { sum: number[]; days: Set<number> }>();
	for (const r of rows) {
		const o = out[r.channel];
		if (!o) continue;
		if (r.t >= today[0] && r.t < today[1]) {
			const i = Math.floor((r.t - today[0]) / 900);
			if (o.actual[i] !== null) o.actual[i] = (o.actual[i] ?? 0) + r.offered;
			continue;
		}
		const w = weeks.findIndex(([a, b]) => r.t >= a && r.t < b);
		if (w < 0) continue;
		const i = Math.floor((r.t - weeks[w][0]) / 900);
		if (i >= n) continue; // a longer day (DST) than today
		let s = sums.get(r.channel);
		if (!s) sums.set(r.channel, (s = { sum: Array(n).fill(0), days: new Set() }));
		s.sum[i] += r.offered;
		s.days.add(w);
	}
	for (const [ch, s] of sums) {
		const days = s.days.size;
		out[ch].typicalWeeks = days;
		out[ch].typical = s.sum.map((x) => x / days);
	}
	return { asOfMs: nowMs, todayStartMs: today[0] * 1000, intervalMin: 15, startsMs, channels: out };
}

/** Today's local day and the same weekday of the previous TYPICAL_WEEKS weeks, as [start, end) epoch seconds. */
export function dayWindows(timezone: string, nowMs: number): { today: [number, number]; weeks: [number, number][] } {
	const start = DateTime.fromMillis(nowMs, { zone: timezone }).startOf('day');
	const win = (d: DateTime): [number, number] => [Math.floor(d.toSeconds()), Math.floor(d.plus({ days: 1 }).toSeconds())];
	return { today: win(start), weeks: Array.from({ length: TYPICAL_WEEKS }, (_, k) => win(start.minus({ weeks: k + 1 }))) };
}

/** Cached reader for the board: one query per HISTORY_TTL_MS however many boards ask, on the heavy connection. */
export function intradayHistoryReader(opts: { client: ClickHouseClient; channels: string[]; timezone: string; now: () => number }) {
	let cached: { at: number; day: number; value: Promise<IntradayHistory> } | null = null;
	return (): Promise<IntradayHistory> => {
		const nowMs = opts.now();
		const { today, weeks } = dayWindows(opts.timezone, nowMs);
		if (cached && nowMs - cached.at < HISTORY_TTL_MS && cached.day === today[0]) return cached.value;
		const value = intradayActualVsTypical(opts.client, { days: [today, ...weeks] }).then((rows) => shapeIntradayHistory(rows, opts.channels, opts.timezone, nowMs));
		cached = { at: nowMs, day: today[0], value };
		value.catch(() => (cached = null));
		return value;
	};
}
