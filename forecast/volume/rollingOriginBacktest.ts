import type { SeriesContext } from './buildSeriesContext';
import type { DayPredictor } from './baselineModels';

/** Residual records of one model over all backtest origins, at the native interval. */
export interface BacktestSamples {
	/** days after the origin */
	h: Int32Array;
	/** grid day index */
	d: Int32Array;
	slot: Int32Array;
	actual: Float64Array;
	forecast: Float64Array;
}

/** Minimum history before the earliest origin. */
export const MIN_TRAIN_DAYS = 28;

/**
 * Weekly origins for a rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of forecasting
 * accuracy", IJF 16:437): origin k is `lastDay + 1 − 7k` (k = 1…count), so every origin sits on
 * the same weekday as the real forecast origin and the backtests reproduce its horizon structure;
 * the scored window [origin, origin + horizonDays) is cut at the end of the history. Origins with
 * less than 28 days of history before them are dropped.
 *
 * @throws if `count` or `horizonDays` are not positive integers.
 * @example planOrigins(ctx, 10, 14).length // ≤ 10
 */
export function planOrigins(ctx: SeriesContext, count: number, horizonDays: number): number[] {
	if (!Number.isInteger(count) || count < 1) throw new Error(`planOrigins: count must be a positive integer, got ${count}`);
	if (!Number.isInteger(horizonDays) || horizonDays < 1) {
		throw new Error(`planOrigins: horizonDays must be a positive integer, got ${horizonDays}`);
	}
	const out: number[] = [];
	for (let k = 1; k <= count; k++) {
		const o = ctx.lastDay + 1 - 7 * k;
		if (o - ctx.grid.firstDay < MIN_TRAIN_DAYS) break;
		out.push(o);
	}
	return out;
}

/**
 * The days scored after an origin: open, observed days inside the history and the window,
 * as grid day indices.
 *
 * @throws never.
 * @example scoredDays(ctx, origin, 14).length // ≤ 14
 */
export function scoredDays(ctx: SeriesContext, origin: number, horizonDays: number): number[] {
	const out: number[] = [];
	for (let day = origin; day < origin + horizonDays && day <= ctx.lastDay; day++) {
		const d = day - ctx.grid.firstDay;
		if (d < 0 || ctx.grid.rowsPerDay[d] === 0 || !ctx.isOpenDay(day)) continue;
		out.push(d);
	}
	return out;
}

/**
 * Runs one model over all origins and collects its residual records: every interval of a scored
 * day whose actual is known and that is either a usual slot or had contacts.
 *
 * @throws whatever the model's fitting throws.
 * @example rollingOriginBacktest(ctx, origins, 14, (o) => seasonalNaive(ctx, o))
 */
export function rollingOriginBacktest(
	ctx: SeriesContext,
	origins: readonly number[],
	horizonDays: number,
	makePredictor: (origin: number) => DayPredictor
): BacktestSamples {
	const { grid, days } = ctx;
	const S = grid.slotsPerDay;
	const h: number[] = [];
	const dd: number[] = [];
	const ss: number[] = [];
	const act: number[] = [];
	const fc: number[] = [];
	for (const origin of origins) {
		const predict = makePredictor(origin);
		for (const d of scoredDays(ctx, origin, horizonDays)) {
			const day = grid.firstDay + d;
			const values = predict(day);
			const typ = days.typicalSlot[days.weekday[d]];
			for (let s = 0; s < S; s++) {
				const y = days.values[d * S + s];
				// The skip rule must not depend on the model, so that every model's samples line up.
				if (Number.isNaN(y) || (!typ[s] && y === 0)) continue;
				h.push(day - origin);
				dd.push(d);
				ss.push(s);
				act.push(y);
				fc.push(values[s]);
			}
		}
	}
	return {
		h: Int32Array.from(h),
		d: Int32Array.from(dd),
		slot: Int32Array.from(ss),
		actual: Float64Array.from(act),
		forecast: Float64Array.from(fc)
	};
}

/**
 * Pooled WAPE (%) of backtest samples: 100·Σ|actual − forecast| / Σactual.
 *
 * @throws never; NaN when the actuals sum to 0.
 * @example samplesWape(samples) // e.g. 7.5
 */
export function samplesWape(s: BacktestSamples): number {
	let e = 0;
	let y = 0;
	for (let i = 0; i < s.actual.length; i++) {
		e += Math.abs(s.actual[i] - s.forecast[i]);
		y += s.actual[i];
	}
	return y > 0 ? (100 * e) / y : NaN;
}

/**
 * Sums native samples into coarser buckets (`bucketSlots` native slots, or a whole day when
 * `bucketSlots` ≥ slots per day). A bucket sums the same scored slots on both sides (actual and
 * forecast), so missing native rows do not bias it.
 *
 * @throws never.
 * @example aggregateSamples(ctx, samples, 6) // 5-minute samples → 30-minute buckets
 */
export function aggregateSamples(ctx: SeriesContext, s: BacktestSamples, bucketSlots: number): BacktestSamples {
	const S = ctx.grid.slotsPerDay;
	const per = Math.min(bucketSlots, S);
	const map = new Map<string, { h: number; d: number; slot: number; y: number; f: number; n: number }>();
	// h identifies the origin together with d (d − h is the origin's day index).
	for (let i = 0; i < s.actual.length; i++) {
		const b = Math.floor(s.slot[i] / per);
		const key = `${s.d[i] - s.h[i]}|${s.d[i]}|${b}`;
		let a = map.get(key);
		if (!a) map.set(key, (a = { h: s.h[i], d: s.d[i], slot: b, y: 0, f: 0, n: 0 }));
		a.y += s.actual[i];
		a.f += s.forecast[i];
		a.n++;
	}
	const rows = [...map.values()];
	return {
		h: Int32Array.from(rows.map((r) => r.h)),
		d: Int32Array.from(rows.map((r) => r.d)),
		slot: Int32Array.from(rows.map((r) => r.slot)),
		actual: Float64Array.from(rows.map((r) => r.y)),
		forecast: Float64Array.from(rows.map((r) => r.f))
	};
}
