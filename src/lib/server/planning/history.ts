import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { importedHistory, type ImportedRow } from '../queries/history/importedHistory';
import { intervalHistory, type IntervalHistoryRow } from '../queries/planning/intervalHistory';

/**
 * The history a forecast is fitted on: live events (per-minute aggregate) and imported interval
 * history together, at the plan's interval (docs/decisions/0013-history-import.md).
 * Live wins where both cover an interval (the import query leaves those rows out). Imported rows
 * coarser than the plan interval (60-minute or daily rows) are spread over the plan intervals
 * they cover with the intraday shape of the finer data (see `mergeHistory`).
 */
export async function planningHistory(
	client: ClickHouseClient,
	p: { channel: string; queues: string[]; fromSec: number; toSec: number; intervalMin: number; tz: string }
): Promise<IntervalHistoryRow[]> {
	const live = await intervalHistory(client, p);
	const imported = await importedHistory(client, p);
	return mergeHistory(live, imported, p.intervalMin, p.tz);
}

/**
 * Sums fine rows per plan interval and spreads coarse rows by shape. The shape of a slot (local
 * time of day, at the plan interval) is its share of the fine data's volume on the same weekday;
 * without fine data for that weekday, over all days; without any, even. A coarse row keeps its
 * total exactly: its offered is divided in proportion to the shape of the slots it covers.
 */
export function mergeHistory(live: IntervalHistoryRow[], imported: ImportedRow[], intervalMin: number, zone: string): IntervalHistoryRow[] {
	const step = intervalMin * 60;
	const slots = 1440 / intervalMin;
	const byT = new Map<number, number>();
	for (const r of live) byT.set(r.t, (byT.get(r.t) ?? 0) + r.offered);
	const coarse: ImportedRow[] = [];
	for (const r of imported) {
		if (r.min <= intervalMin) byT.set(r.t, (byT.get(r.t) ?? 0) + r.offered);
		else coarse.push(r);
	}
	if (coarse.length === 0) return [...byT].map(([t, offered]) => ({ t, offered })).sort((a, b) => a.t - b.t);

	const offsets = new Map<number, number>();
	const local = (t: number): { wd: number; slot: number } => {
		const h = Math.floor(t / 3600);
		let o = offsets.get(h);
		if (o === undefined) offsets.set(h, (o = DateTime.fromSeconds(h * 3600, { zone }).offset));
		const lt = t + o * 60;
		const day = Math.floor(lt / 86400);
		return { wd: (((day + 3) % 7) + 7) % 7, slot: Math.floor((lt - day * 86400) / step) };
	};
	const byWd = Array.from({ length: 7 }, () => new Float64Array(slots));
	const all = new Float64Array(slots);
	for (const [t, v] of byT) {
		const { wd, slot } = local(t);
		byWd[wd][slot] += v;
		all[slot] += v;
	}
	const hasWd = byWd.map((a) => a.some((x) => x > 0));
	const hasAll = all.some((x) => x > 0);
	for (const r of coarse) {
		const ts: number[] = [];
		const w: number[] = [];
		for (let t = r.t; t < r.t + r.min * 60; t += step) {
			const { wd, slot } = local(t);
			ts.push(t);
			w.push(hasWd[wd] ? byWd[wd][slot] : hasAll ? all[slot] : 1);
		}
		let sum = w.reduce((a, b) => a + b, 0);
		if (sum <= 0) {
			w.fill(1);
			sum = w.length;
		}
		ts.forEach((t, i) => byT.set(t, (byT.get(t) ?? 0) + (r.offered * w[i]) / sum));
	}
	return [...byT].map(([t, offered]) => ({ t, offered })).sort((a, b) => a.t - b.t);
}
