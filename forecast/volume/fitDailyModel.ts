import { weekdayOfDay } from '../calendar/localDate';
import { MONTH_EDGE_BUCKETS, type SeriesContext } from './buildSeriesContext';

/** Hyper-parameters of the daily model; chosen per history by rolling-origin backtest. */
export interface DailyConfig {
	/** half-life (days) of the exponentially weighted level at the origin */
	levelHalfLifeDays: number;
	/** add a damped local trend fitted to the last 12 weekly levels */
	trend: boolean;
	/** estimate billing-cycle effects (first four and last open day of the month) */
	monthEdge: boolean;
	/** add the yearly pattern from the same weeks one/two years earlier (needs > 1 year of history) */
	yearly: boolean;
	/** half-life (weeks) of the weights behind the weekday factors */
	weekdayHalfLifeWeeks: number;
}

/** A daily model fitted at one origin. */
export interface DailyFit {
	config: DailyConfig;
	originDay: number;
	/** log weekday factors, 0 = Monday (mean 0 over open weekdays) */
	weekdayLog: number[];
	/** log billing-cycle effects by bucket (index 0 is always 0) */
	monthEdgeLog: number[];
	/** expected total of a normal (event-free) day at or after the origin; 0 on closed weekdays */
	forecast(day: number): number;
	/** in-sample expected total of a normal day before the origin (for learning event effects) */
	inSample(day: number): number;
	/**
	 * The week's level at a day without its weekday effect (× the month-edge effect), on any weekday,
	 * open or not: the reference that day types replacing the weekday (an eve, a holiday, a closure's
	 * residual, a 调休 working day) are learned against and applied to (./learnEventEffects).
	 */
	reference(day: number): number;
	/** the same, in-sample (before the origin) */
	referenceInSample(day: number): number;
	/** log-scale residual SD of normal days around their week level */
	residualSdLog: number;
}

const DAY_WEEKS_TREND = 12;
const TREND_DAMPING_PER_WEEK = 0.9;
/**
 * A month-edge bucket is estimated only from at least this many observed days (else 0 = no
 * effect). Replaces the former shrinkage towards 0 by one day's weight, which on the 16
 * development splits cost 0.3 points of 5-min WAPE: the bank's edge effects are large and stable,
 * and shrinking them also biased the level of the short half-life configs.
 */
const MONTH_EDGE_MIN_DAYS = 2;
const MAX_LOOKBACK_DAYS = 3 * 366;
const BACKFIT_ITERATIONS = 30;

/**
 * Fits the daily level model on the normal days before `originDay`:
 *
 *   log y_d = a_week(d) + w_weekday(d) + m_edge(d) + ε_d
 *
 * by backfitting (alternating weighted means, a two-way layout with missing cells), so missing
 * days, closures and event windows simply drop out. The forecast level is the exponentially
 * weighted mean of the deseasonalised log totals (simple exponential smoothing in closed form,
 * Hyndman & Athanasopoulos, FPP3 §8.1), optionally plus a damped trend (FPP3 §8.2) and the yearly
 * change seen between the same weeks one or two years earlier (a seasonal-difference of weekly
 * levels, FPP3 §9.1).
 *
 * @throws if no normal day precedes `originDay`.
 * @example fitDailyModel(ctx, ctx.lastDay + 1, { levelHalfLifeDays: 14, trend: false,
 *   monthEdge: false, yearly: false, weekdayHalfLifeWeeks: 12 }).forecast(ctx.lastDay + 3)
 */
export function fitDailyModel(ctx: SeriesContext, originDay: number, config: DailyConfig): DailyFit {
	const bf = backfit(ctx, originDay, config.monthEdge, config.weekdayHalfLifeWeeks);
	const { n, idx, logY, wd, edge, a, aCount, K, w, mu, levelAt, historyDays } = bf;
	const first = ctx.grid.firstDay;
	const openW = ctx.days.openWeekday;

	// Exponentially weighted level at the origin and the mean age of its weights.
	let lNum = 0;
	let lDen = 0;
	let ageNum = 0;
	const decay = Math.pow(0.5, 1 / config.levelHalfLifeDays);
	for (let i = 0; i < n; i++) {
		const age = originDay - (first + idx[i]);
		const wt = Math.pow(decay, age);
		lNum += wt * (logY[i] - w[wd[i]] - mu[edge[i]]);
		lDen += wt;
		ageNum += wt * age;
	}
	const level = lNum / lDen;
	const meanAgeDays = ageNum / lDen;
	const refDay = originDay - meanAgeDays;

	let slopePerWeek = 0;
	if (config.trend) {
		let sw = 0;
		let sx = 0;
		let sy = 0;
		let sxx = 0;
		let sxy = 0;
		for (let k = Math.max(0, K - DAY_WEEKS_TREND); k < K; k++) {
			if (aCount[k] === 0) continue;
			const wt = aCount[k];
			sw += wt;
			sx += wt * k;
			sy += wt * a[k];
			sxx += wt * k * k;
			sxy += wt * k * a[k];
		}
		const den = sw * sxx - sx * sx;
		if (sw > 0 && den > 1e-9) slopePerWeek = (sw * sxy - sx * sy) / den;
	}
	const useYearly = config.yearly && historyDays >= 364 + 56;

	const forecast = (day: number): number => {
		const wday = weekdayOfDay(day);
		if (!openW[wday]) return 0;
		return Math.exp(levelLog(day) + w[wday]);
	};
	/** log week level (with trend and yearly change) + month-edge effect, no weekday effect */
	const levelLog = (day: number): number => {
		let l = level;
		if (config.trend && slopePerWeek !== 0) {
			// Catch up from the weights' mean age to the origin, then damp beyond it.
			const behindWeeks = meanAgeDays / 7;
			const aheadWeeks = Math.max(0, (day - originDay) / 7);
			const damped = (TREND_DAMPING_PER_WEEK * (1 - Math.pow(TREND_DAMPING_PER_WEEK, aheadWeeks))) / (1 - TREND_DAMPING_PER_WEEK);
			l += slopePerWeek * (behindWeeks + damped);
		}
		if (useYearly) {
			let sum = 0;
			let cnt = 0;
			for (let y = 1; y <= 2; y++) {
				const back = day - 364 * y;
				const backRef = refDay - 364 * y;
				if (backRef - first < 28) continue;
				sum += levelAt(back) - levelAt(backRef);
				cnt++;
			}
			if (cnt > 0) l += sum / cnt;
		}
		return l + mu[config.monthEdge ? ctx.monthEdge(day) : 0];
	};
	const inSample = (day: number): number => {
		const wday = weekdayOfDay(day);
		if (!openW[wday]) return 0;
		return Math.exp(levelAt(day) + w[wday] + mu[config.monthEdge ? ctx.monthEdge(day) : 0]);
	};
	const reference = (day: number): number => Math.exp(levelLog(day));
	const referenceInSample = (day: number): number => Math.exp(levelAt(day) + mu[config.monthEdge ? ctx.monthEdge(day) : 0]);
	return { config, originDay, weekdayLog: w, monthEdgeLog: mu, forecast, inSample, reference, referenceInSample, residualSdLog: bf.residualSdLog };
}

/** The part of the fit shared by all configs with the same month-edge and weekday settings. */
interface Backfit {
	n: number;
	/** grid day indices of the normal days used */
	idx: Int32Array;
	logY: Float64Array;
	wd: Uint8Array;
	edge: Uint8Array;
	/** week effects (index k − k0) and their day counts */
	a: Float64Array;
	aCount: Float64Array;
	K: number;
	w: number[];
	mu: number[];
	residualSdLog: number;
	/** smoothed, interpolated week level at a day */
	levelAt(day: number): number;
	historyDays: number;
}

// The backfit depends only on (origin, monthEdge, weekday half-life) and the backtests fit dozens
// of configs per origin, so it is memoised on the context (ctx.memo).
function backfit(ctx: SeriesContext, originDay: number, monthEdge: boolean, weekdayHalfLifeWeeks: number): Backfit {
	const key = `backfit|${originDay}|${monthEdge}|${weekdayHalfLifeWeeks}`;
	const hit = ctx.memo.get(key) as Backfit | undefined;
	if (hit) return hit;

	const { grid, days } = ctx;
	const first = grid.firstDay;
	const endIdx = Math.min(grid.numDays, originDay - first); // exclusive
	const startIdx = Math.max(0, endIdx - MAX_LOOKBACK_DAYS);
	const anchor = first - days.weekday[0]; // Monday on or before the first day
	const list: number[] = [];
	for (let d = startIdx; d < endIdx; d++) if (ctx.isNormal[d] && days.dayTotal[d] > 0) list.push(d);
	if (list.length === 0) {
		// Every usable day lies in some event window (a short history around Spring Festival, say):
		// fall back to all complete open days rather than fail; forecastVolume warns about it.
		for (let d = startIdx; d < endIdx; d++) {
			if (days.dayComplete[d] && days.openWeekday[days.weekday[d]] && days.dayTotal[d] > 0) list.push(d);
		}
	}
	if (list.length === 0) {
		throw new Error(`fitDailyModel: no usable normal day before origin day ${originDay}; need history with data`);
	}
	const n = list.length;
	const idx = Int32Array.from(list);
	const logY = new Float64Array(n);
	const wd = new Uint8Array(n);
	const edge = new Uint8Array(n);
	const wk = new Int32Array(n);
	const omega = new Float64Array(n);
	const decay = Math.pow(0.5, 1 / (7 * weekdayHalfLifeWeeks));
	for (let i = 0; i < n; i++) {
		const d = idx[i];
		const day = first + d;
		logY[i] = Math.log(days.dayTotal[d]);
		wd[i] = days.weekday[d];
		edge[i] = monthEdge ? ctx.monthEdge(day) : 0;
		wk[i] = Math.floor((day - anchor) / 7);
		omega[i] = Math.pow(decay, originDay - day);
	}
	const k0 = wk[0];
	const K = wk[n - 1] - k0 + 1;
	for (let i = 0; i < n; i++) wk[i] -= k0;
	const a = new Float64Array(K);
	const aCount = new Float64Array(K);
	const w = new Array(7).fill(0);
	const mu = new Array(MONTH_EDGE_BUCKETS).fill(0);
	const openW = days.openWeekday;
	const wNum = new Float64Array(7);
	const wDen = new Float64Array(7);
	const mNum = new Float64Array(MONTH_EDGE_BUCKETS);
	const mDen = new Float64Array(MONTH_EDGE_BUCKETS);
	const mDays = new Uint16Array(MONTH_EDGE_BUCKETS);
	for (let i = 0; i < n; i++) mDays[edge[i]]++;

	for (let iter = 0; iter < BACKFIT_ITERATIONS; iter++) {
		a.fill(0);
		aCount.fill(0);
		for (let i = 0; i < n; i++) {
			a[wk[i]] += logY[i] - w[wd[i]] - mu[edge[i]];
			aCount[wk[i]]++;
		}
		for (let k = 0; k < K; k++) if (aCount[k] > 0) a[k] /= aCount[k];
		wNum.fill(0);
		wDen.fill(0);
		for (let i = 0; i < n; i++) {
			wNum[wd[i]] += omega[i] * (logY[i] - a[wk[i]] - mu[edge[i]]);
			wDen[wd[i]] += omega[i];
		}
		let mean = 0;
		let cnt = 0;
		let change = 0;
		for (let j = 0; j < 7; j++) {
			const nw = wDen[j] > 0 ? wNum[j] / wDen[j] : 0;
			change = Math.max(change, Math.abs(nw - w[j]));
			w[j] = nw;
			if (openW[j] && wDen[j] > 0) {
				mean += w[j];
				cnt++;
			}
		}
		if (cnt > 0) for (let j = 0; j < 7; j++) if (wDen[j] > 0) w[j] -= mean / cnt;
		if (monthEdge) {
			mNum.fill(0);
			mDen.fill(0);
			for (let i = 0; i < n; i++) {
				if (edge[i] === 0) continue;
				mNum[edge[i]] += omega[i] * (logY[i] - a[wk[i]] - w[wd[i]]);
				mDen[edge[i]] += omega[i];
			}
			// Weighted mean residual per bucket; a bucket seen on fewer than MONTH_EDGE_MIN_DAYS
			// days stays 0 (one day's residual is mostly noise).
			for (let b = 1; b < MONTH_EDGE_BUCKETS; b++) {
				const nm = mDays[b] >= MONTH_EDGE_MIN_DAYS && mDen[b] > 0 ? mNum[b] / mDen[b] : 0;
				change = Math.max(change, Math.abs(nm - mu[b]));
				mu[b] = nm;
			}
		}
		if (change < 1e-7 && iter > 1) break;
	}

	// Residual SD around week levels (diagnostic; the intervals come from backtests).
	let ss = 0;
	for (let i = 0; i < n; i++) {
		const r = logY[i] - a[wk[i]] - w[wd[i]] - mu[edge[i]];
		ss += r * r;
	}
	const residualSdLog = Math.sqrt(ss / Math.max(1, n - 1));

	// Smoothed weekly levels (1-2-1 weights × day counts), interpolated across empty weeks.
	const aSm = new Float64Array(K).fill(NaN);
	for (let k = 0; k < K; k++) {
		let num = 0;
		let den = 0;
		for (let j = -1; j <= 1; j++) {
			const kk = k + j;
			if (kk < 0 || kk >= K || aCount[kk] === 0) continue;
			const wt = (j === 0 ? 2 : 1) * aCount[kk];
			num += wt * a[kk];
			den += wt;
		}
		if (den > 0 && aCount[k] > 0) aSm[k] = num / den;
	}
	const known: number[] = [];
	for (let k = 0; k < K; k++) if (!Number.isNaN(aSm[k])) known.push(k);
	const weekLevel = (k: number): number => {
		const kk = k - k0;
		if (kk <= known[0]) return aSm[known[0]];
		if (kk >= known[known.length - 1]) return aSm[known[known.length - 1]];
		let lo = 0;
		let hi = known.length - 1;
		while (hi - lo > 1) {
			const mid = (lo + hi) >> 1;
			if (known[mid] <= kk) lo = mid;
			else hi = mid;
		}
		const k1 = known[lo];
		const k2 = known[hi];
		if (k1 === kk) return aSm[k1];
		const f = (kk - k1) / (k2 - k1);
		return aSm[k1] * (1 - f) + aSm[k2] * f;
	};
	// Level at a day, interpolated between the middles (Thursdays) of adjacent weeks.
	const levelAt = (day: number): number => {
		const pos = (day - anchor - 3) / 7;
		const k = Math.floor(pos);
		const f = pos - k;
		return weekLevel(k) * (1 - f) + weekLevel(k + 1) * f;
	};
	const out: Backfit = { n, idx, logY, wd, edge, a, aCount, K, w, mu, residualSdLog, levelAt, historyDays: endIdx - startIdx };
	ctx.memo.set(key, out);
	return out;
}

/**
 * Equal-weight combination of daily fits (forecast combination, Bates & Granger 1969: the mean of
 * several good configurations is more robust than the single best one on few backtest origins).
 *
 * @throws if `fits` is empty.
 * @example combineDailyFits([fitA, fitB]).forecast(day) // (fitA.forecast(day) + fitB.forecast(day)) / 2
 */
export function combineDailyFits(fits: DailyFit[], weights?: readonly number[]): DailyFit {
	if (fits.length === 0) throw new Error('combineDailyFits: need at least one fit');
	if (weights && weights.length !== fits.length) {
		throw new Error(`combineDailyFits: ${weights.length} weights for ${fits.length} fits`);
	}
	if (fits.length === 1) return fits[0];
	const wts = weights ?? fits.map(() => 1);
	const wsum = wts.reduce((a, b) => a + b, 0);
	const mean = (f: (x: DailyFit) => number) => fits.reduce((a, x, i) => a + wts[i] * f(x), 0) / wsum;
	return {
		config: fits[0].config,
		originDay: fits[0].originDay,
		weekdayLog: fits[0].weekdayLog.map((_, j) => mean((x) => x.weekdayLog[j])),
		monthEdgeLog: fits[0].monthEdgeLog.map((_, j) => mean((x) => x.monthEdgeLog[j])),
		forecast: (day) => mean((x) => x.forecast(day)),
		inSample: (day) => mean((x) => x.inSample(day)),
		reference: (day) => mean((x) => x.reference(day)),
		referenceInSample: (day) => mean((x) => x.referenceInSample(day)),
		residualSdLog: mean((x) => x.residualSdLog)
	};
}
