import type { SeriesContext } from './buildSeriesContext';

/**
 * MASE scale: Q = mean over t > m of |y_t − y_{t−m}| (Hyndman & Koehler 2006, "Another look at
 * measures of forecast accuracy", IJF 22:679, eq. for seasonal series).
 *
 * @throws if `m` is not a positive integer smaller than the series length.
 * @example seasonalNaiveScale([1, 2, 4, 8], 2) // (|4−1| + |8−2|)/2 = 4.5
 */
export function seasonalNaiveScale(series: ArrayLike<number>, m: number): number {
	if (!Number.isInteger(m) || m <= 0 || m >= series.length) {
		throw new Error(`seasonalNaiveScale: m must be a positive integer below the series length ${series.length}, got ${m}`);
	}
	let sum = 0;
	for (let t = m; t < series.length; t++) sum += Math.abs(series[t] - series[t - m]);
	return sum / (series.length - m);
}

/**
 * The in-sample series the way the bank-calls anchors built it, for the MASE scale: open weekdays
 * only, each day's usual slots in order, a missing day filled with the same slots one week
 * earlier (keeps the weekday phase), from the first day to `endDay` (exclusive). Returns the series
 * and m = open slots per week (845 for 169 five-minute slots × 5 weekdays).
 *
 * @throws if no open weekday has data before `endDay`.
 * @example weeklySeries(ctx, ctx.lastDay + 1).m // 845 for the bank data
 */
export function weeklySeries(ctx: SeriesContext, endDay: number): { series: Float64Array; m: number } {
	const { grid, days } = ctx;
	const S = grid.slotsPerDay;
	const union = new Uint8Array(S);
	for (let w = 0; w < 7; w++) if (days.openWeekday[w]) for (let s = 0; s < S; s++) union[s] |= days.typicalSlot[w][s];
	const slots: number[] = [];
	for (let s = 0; s < S; s++) if (union[s]) slots.push(s);
	const openPerWeek = days.openWeekday.filter(Boolean).length;
	if (openPerWeek === 0 || slots.length === 0) throw new Error('weeklySeries: no open weekday with data');
	const endIdx = Math.min(grid.numDays, endDay - grid.firstDay);
	// Start at the first observed day.
	let startIdx = 0;
	while (startIdx < endIdx && grid.rowsPerDay[startIdx] === 0) startIdx++;
	const filled = new Map<number, Float64Array>();
	const out: number[] = [];
	for (let d = startIdx; d < endIdx; d++) {
		if (!days.openWeekday[days.weekday[d]]) continue;
		let row: Float64Array;
		if (grid.rowsPerDay[d] > 0) {
			row = new Float64Array(slots.length);
			slots.forEach((s, i) => {
				const v = days.values[d * S + s];
				row[i] = Number.isNaN(v) ? 0 : v;
			});
		} else {
			const prev = filled.get(d - 7);
			if (!prev) continue; // nothing a week earlier either (start of history)
			row = prev;
		}
		filled.set(d, row);
		for (const v of row) out.push(v);
	}
	return { series: Float64Array.from(out), m: slots.length * openPerWeek };
}
