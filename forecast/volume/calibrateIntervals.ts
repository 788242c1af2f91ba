import { quantileSorted } from 'd3-array';
import type { IntervalCalibration, QuantileKey } from './types';

const QUANTILES: ReadonlyArray<[QuantileKey, number]> = [
	['q025', 0.025],
	['q10', 0.1],
	['q50', 0.5],
	['q80', 0.8],
	['q90', 0.9],
	['q975', 0.975]
];
/** Fewer residuals than this in a horizon week → use the pooled quantiles. */
const MIN_PER_WEEK = 40;

function quantilesOf(z: number[]): Record<QuantileKey, number> {
	const sorted = [...z].sort((a, b) => a - b);
	const out = {} as Record<QuantileKey, number>;
	// d3's quantileSorted is the type-7 sample quantile (linear interpolation; Hyndman & Fan 1996)
	for (const [k, p] of QUANTILES) out[k] = quantileSorted(sorted, p)!;
	return out;
}

/**
 * Calibrates prediction intervals on rolling-origin backtest residuals (the empirical approach of
 * FPP3 §5.5 "prediction intervals from bootstrapped/empirical residuals", per horizon).
 *
 * 1. Variance model: Var(e) ≈ φ·f + κ·f² — Poisson over-dispersion (φ) plus a multiplicative
 *    level error (κ) that dominates for large counts; fitted by least squares of e²/f on (1, f),
 *    with both coefficients kept ≥ 0.
 * 2. Standardised residuals z = e / √(φf + κf²); their empirical 2.5/10/50/80/90/97.5 % quantiles
 *    per week of horizon (pooled when a week has under 40 residuals).
 * Applying them (./applyCalibration) gives intervals whose coverage on the backtests is the
 * nominal one by construction — the point of calibrating on out-of-sample errors rather than the
 * model's in-sample residuals, which made stlf's 80 % interval cover 92 %.
 *
 * @throws if the arrays differ in length or fewer than 10 residuals have f > 0.
 * @example calibrateIntervals('native', [0, 0], [10, 12], [11, 9]).poissonScale
 */
export function calibrateIntervals(
	level: string,
	horizonDays: ArrayLike<number>,
	actual: ArrayLike<number>,
	forecast: ArrayLike<number>
): IntervalCalibration {
	const n = actual.length;
	if (horizonDays.length !== n || forecast.length !== n) {
		throw new Error(
			`calibrateIntervals: horizonDays (${horizonDays.length}), actual (${n}) and forecast (${forecast.length}) must have equal lengths`
		);
	}
	// Least squares of e²/f = φ + κ f.
	let m = 0;
	let sx = 0;
	let sy = 0;
	let sxx = 0;
	let sxy = 0;
	for (let i = 0; i < n; i++) {
		const f = forecast[i];
		const y = actual[i];
		if (!(f > 0) || !Number.isFinite(y)) continue;
		const e = y - f;
		const r = (e * e) / f;
		m++;
		sx += f;
		sy += r;
		sxx += f * f;
		sxy += f * r;
	}
	if (m < 10) throw new Error(`calibrateIntervals: ${level}: need ≥ 10 backtest residuals with forecast > 0, got ${m}`);
	const den = m * sxx - sx * sx;
	let kappa = den > 1e-12 ? (m * sxy - sx * sy) / den : 0;
	let phi = (sy - kappa * sx) / m;
	if (kappa < 0) {
		kappa = 0;
		phi = sy / m;
	}
	if (phi < 0) {
		phi = 0;
		kappa = sxy / sxx;
	}
	phi = Math.max(phi, 1e-9);

	const byWeek: number[][] = [];
	const all: number[] = [];
	for (let i = 0; i < n; i++) {
		const f = forecast[i];
		const y = actual[i];
		if (!(f > 0) || !Number.isFinite(y)) continue;
		const z = (y - f) / Math.sqrt(phi * f + kappa * f * f);
		const wk = Math.max(0, Math.floor(horizonDays[i] / 7));
		(byWeek[wk] ??= []).push(z);
		all.push(z);
	}
	const pooled = quantilesOf(all);
	const quantilesByWeek: Array<Record<QuantileKey, number>> = [];
	const countByWeek: number[] = [];
	for (let w = 0; w < byWeek.length; w++) {
		const z = byWeek[w] ?? [];
		countByWeek.push(z.length);
		quantilesByWeek.push(z.length >= MIN_PER_WEEK ? quantilesOf(z) : pooled);
	}
	return { level, poissonScale: phi, levelScale: kappa, quantilesByWeek, countByWeek };
}

export interface IntervalValues {
	lo80: number;
	hi80: number;
	lo95: number;
	hi95: number;
	p50: number;
	p80: number;
	p90: number;
}

/**
 * Interval and quantiles for a forecast `f` made `horizonDay` days after the origin:
 * f + q·√(φf + κf²), floored at 0. Beyond the backtested weeks the quantiles of the last week
 * are widened by √((week+1)/(lastWeek+1)), as the level error of a random-walk level grows.
 *
 * @throws if `f` is negative or not finite.
 * @example applyCalibration(cal, 120, 3).hi80
 */
export function applyCalibration(cal: IntervalCalibration, f: number, horizonDay: number): IntervalValues {
	if (!(f >= 0) || !Number.isFinite(f)) throw new Error(`applyCalibration: forecast must be a finite number ≥ 0, got ${f}`);
	if (f === 0) return { lo80: 0, hi80: 0, lo95: 0, hi95: 0, p50: 0, p80: 0, p90: 0 };
	const weeks = cal.quantilesByWeek.length;
	const wk = Math.max(0, Math.floor(horizonDay / 7));
	const q = cal.quantilesByWeek[Math.min(wk, weeks - 1)];
	const widen = wk >= weeks ? Math.sqrt((wk + 1) / weeks) : 1;
	const sd = Math.sqrt(cal.poissonScale * f + cal.levelScale * f * f);
	const at = (k: QuantileKey) => Math.max(0, f + widen * q[k] * sd);
	return { lo80: at('q10'), hi80: at('q90'), lo95: at('q025'), hi95: at('q975'), p50: at('q50'), p80: at('q80'), p90: at('q90') };
}
