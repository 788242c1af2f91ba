import type { IntervalCalibration, QuantileKey } from './types';

/**
 * Settings of the intraday level filter (./reforecastIntraday). The defaults were set on
 * development days of the bank series' training span (docs/forecasting.md "Intraday
 * re-forecast"); the test fortnight was scored once afterwards.
 */
export interface IntradaySettings {
	/** variance of the day's level ratio drifting within the day, per hour (random walk) */
	driftVarPerHour: number;
	/** variance of a transient deviation from the level (a busy or quiet hour that passes) */
	transientVar: number;
	/** how long a transient deviation lasts: its correlation decays as exp(−Δt / this), minutes */
	transientMinutes: number;
	/** prior probability that a day's level shifts within the day */
	shiftPrior: number;
	/** prior level variance and level drift per hour under that hypothesis */
	shiftLevelVar: number;
	shiftDriftVarPerHour: number;
	/** floor of the prior level variance: a day-ahead forecast is never trusted to better than ±4 % (sd) */
	minDayLevelVar: number;
	/** floor of the independent slot variance κ_w (relative, per slot) */
	minShapeVar: number;
	/** innovations beyond this many standard deviations are clipped (Huber), so one odd interval cannot swing the day */
	huberK: number;
	/** observation variance is multiplied by this in the first hour after opening (a noisy start) */
	openingHourNoise: number;
}

export const DEFAULT_INTRADAY_SETTINGS: IntradaySettings = {
	driftVarPerHour: 0.0004,
	transientVar: 0.008,
	transientMinutes: 180,
	minDayLevelVar: 0.0016,
	shiftPrior: 0.1,
	shiftLevelVar: 0.01,
	shiftDriftVarPerHour: 0.01,
	minShapeVar: 0.002,
	huberK: 2,
	openingHourNoise: 3
};

export interface IntradayInput {
	/** the day-ahead forecast of every slot of the day */
	dayAhead: ArrayLike<number>;
	/** actual count per slot; NaN where not observed (future or missing row) */
	actual: ArrayLike<number>;
	/** slots [0, observedSlots) are in the past; the rest are re-forecast */
	observedSlots: number;
	intervalMin: number;
	/** prior relative variance of the day's level (from the day-level calibration) */
	dayLevelVar: number;
	/** Poisson over-dispersion φ of one slot (from the native calibration) */
	poissonScale: number;
	/** relative variance of one slot around the day's level (κ_w) */
	shapeVar: number;
	settings?: Partial<IntradaySettings>;
}

export interface IntradayResult {
	/** re-forecast per slot (slots before `observedSlots` keep the day-ahead value) */
	values: Float64Array;
	/** variance of the level ratio that applies to each future slot (0 for past slots) */
	levelVar: Float64Array;
	/** the filtered level ratio actual ÷ day-ahead at the last observed slot (1 = as planned) */
	ratio: number;
	/** its variance after the last observation */
	ratioVar: number;
	/** share of the day's day-ahead volume that lies in the observed slots */
	observedShare: number;
	/** posterior weight of the "shifted day" hypothesis (0…1) */
	shiftedWeight: number;
}

/**
 * Re-forecasts the rest of a day from its actuals so far: a local-level filter on the ratio
 * actual ÷ day-ahead forecast (a Kalman filter for a random-walk level, observed through
 * Poisson-overdispersed counts). Prior: ratio 1 with the day-ahead forecast's own day-level
 * variance, so early in the day — little volume seen — the re-forecast stays on the day-ahead
 * forecast; as the day fills, the ratio follows the actuals and its variance shrinks, so the
 * intervals narrow. The level may drift within the day (variance `driftVarPerHour`), which weights
 * recent intervals more than the first hours: a day that turns busy at 09:00 is followed by noon.
 * Robustness: each slot's observation variance is φ/f + κ_w (small slots count little), inflated
 * in the first hour after opening, and innovations are clipped at `huberK` standard deviations.
 * Shape: the day-ahead profile is kept and scaled by the current level; the level drift the
 * filter tracks is what the morning says about the afternoon's shape.
 *
 * @throws if the arrays differ in length or a variance is negative/non-finite.
 * @example reforecastIntraday({ dayAhead, actual, observedSlots: 60, intervalMin: 5, dayLevelVar: 0.004, poissonScale: 1.2, shapeVar: 0.003 }).ratio
 */
export function reforecastIntraday(input: IntradayInput): IntradayResult {
	const { dayAhead, actual, observedSlots: k, intervalMin } = input;
	const S = dayAhead.length;
	if (actual.length !== S) throw new Error(`reforecastIntraday: actual has ${actual.length} slots, dayAhead ${S}`);
	if (!Number.isInteger(k) || k < 0 || k > S) throw new Error(`reforecastIntraday: observedSlots must be an integer in 0…${S}, got ${k}`);
	for (const [name, v] of [
		['dayLevelVar', input.dayLevelVar],
		['poissonScale', input.poissonScale],
		['shapeVar', input.shapeVar]
	] as const) {
		if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`reforecastIntraday: ${name} must be a finite number ≥ 0, got ${v}`);
	}
	const st = { ...DEFAULT_INTRADAY_SETTINGS, ...input.settings };
	const qSlot = (st.driftVarPerHour * intervalMin) / 60;
	const shapeVar = Math.max(input.shapeVar, st.minShapeVar);
	const phi = Math.max(input.poissonScale, 1e-6);

	let firstOpen = -1;
	for (let s = 0; s < S; s++) {
		if (dayAhead[s] > 0) {
			firstOpen = s;
			break;
		}
	}
	const openingSlots = Math.ceil(60 / intervalMin);

	let total = 0;
	let seen = 0;
	for (let s = 0; s < S; s++) {
		total += dayAhead[s];
		if (s < k) seen += dayAhead[s];
	}
	const dayLevelVar = Math.max(input.dayLevelVar, st.minDayLevelVar);
	const rho = Math.exp(-intervalMin / Math.max(1e-9, st.transientMinutes));
	const common = { dayAhead, actual, k, S, rho, uVar: st.transientVar, phi, shapeVar, firstOpen, openingSlots, huberK: st.huberK, noise: st.openingHourNoise };
	// Two hypotheses about the day, weighted by how well each explains the actuals so far
	// (Bayesian model averaging over two Kalman filters): an ordinary day, whose level barely
	// drifts, and a shifted day (a promotion, an outage elsewhere, weather), whose level can move a
	// lot within hours. Ordinary mornings keep the tight model; a day that turns +30 % at 09:00 is
	// recognised as shifted well before noon.
	const models = [
		{ prior: 1 - st.shiftPrior, run: runFilter({ ...common, p0: dayLevelVar, qSlot }) },
		{ prior: st.shiftPrior, run: runFilter({ ...common, p0: Math.max(dayLevelVar, st.shiftLevelVar), qSlot: (st.shiftDriftVarPerHour * intervalMin) / 60 }) }
	];
	const maxLl = Math.max(...models.map((m) => m.run.loglik));
	const wRaw = models.map((m) => m.prior * Math.exp(m.run.loglik - maxLl));
	const wSum = wRaw[0] + wRaw[1];
	const w = wRaw.map((x) => x / wSum);

	const values = new Float64Array(S);
	const levelVar = new Float64Array(S);
	let r = 0;
	for (let i = 0; i < 2; i++) r += w[i] * models[i].run.L;
	let P = 0;
	for (let i = 0; i < 2; i++) P += w[i] * (models[i].run.p11 + (models[i].run.L - r) ** 2);
	for (let s = 0; s < S; s++) {
		if (s < k) {
			values[s] = dayAhead[s];
			continue;
		}
		const h = s - k + 1;
		const decay = Math.pow(rho, h);
		let m = 0;
		const mi: number[] = [];
		const vi: number[] = [];
		for (let i = 0; i < 2; i++) {
			const run = models[i].run;
			const q = i === 0 ? qSlot : (st.shiftDriftVarPerHour * intervalMin) / 60;
			const cap = Math.max(run.p11, i === 0 ? dayLevelVar : Math.max(dayLevelVar, st.shiftLevelVar));
			mi.push(Math.max(0.02, run.L + decay * run.u));
			vi.push(Math.max(0, Math.min(run.p11 + q * h, cap) + decay * decay * run.p22 + 2 * decay * run.p12));
			m += w[i] * mi[i];
		}
		let v = 0;
		for (let i = 0; i < 2; i++) v += w[i] * (vi[i] + (mi[i] - m) ** 2);
		values[s] = m * dayAhead[s];
		levelVar[s] = v;
	}
	r = Math.max(0.02, r);
	return { values, levelVar, ratio: r, ratioVar: P, observedShare: total > 0 ? seen / total : 0, shiftedWeight: w[1] };
}

/**
 * Interval of one re-forecast slot: mean m = r·f with variance f²·V (level) + φ·m + κ_w·m², and
 * the day-ahead calibration's standardised-error quantiles of the first horizon week (the shape of
 * out-of-sample errors), floored at 0.
 *
 * @example intradayInterval(cal, 120, 0.001, 1.3, 0.003).hi80
 */
export function intradayInterval(
	cal: IntervalCalibration,
	m: number,
	levelVarAbs: number,
	poissonScale: number,
	shapeVar: number
): { lo80: number; hi80: number; lo95: number; hi95: number; p50: number; p80: number; p90: number } {
	if (!(m > 0)) return { lo80: 0, hi80: 0, lo95: 0, hi95: 0, p50: 0, p80: 0, p90: 0 };
	const q = cal.quantilesByWeek[0];
	const sd = Math.sqrt(levelVarAbs + poissonScale * m + shapeVar * m * m);
	const at = (key: QuantileKey) => Math.max(0, m + q[key] * sd);
	return { lo80: at('q10'), hi80: at('q90'), lo95: at('q025'), hi95: at('q975'), p50: at('q50'), p80: at('q80'), p90: at('q90') };
}

interface FilterInput {
	dayAhead: ArrayLike<number>;
	actual: ArrayLike<number>;
	k: number;
	S: number;
	rho: number;
	uVar: number;
	phi: number;
	shapeVar: number;
	firstOpen: number;
	openingSlots: number;
	huberK: number;
	noise: number;
	p0: number;
	qSlot: number;
}

/**
 * One Kalman filter over the observed slots. State (level L, transient u), covariance
 * [[p11, p12], [p12, p22]]; L is a random walk (variance qSlot per slot), u an AR(1) with
 * stationary variance uVar; observation y = a/f = L + u + ε with Var ε = φ·level/f + κ_w·level²
 * (inflated in the opening hour); innovations clipped at huberK·sd. `loglik` is the Gaussian
 * log-likelihood of the (clipped) innovations, for weighting hypotheses.
 */
function runFilter(x: FilterInput) {
	let L = 1;
	let u = 0;
	let p11 = x.p0;
	let p12 = 0;
	let p22 = x.uVar;
	let loglik = 0;
	let started = false;
	for (let s = 0; s < x.k; s++) {
		const f = x.dayAhead[s];
		if (!(f > 0)) continue;
		if (started) {
			p11 += x.qSlot;
			p12 *= x.rho;
			p22 = x.rho * x.rho * p22 + (1 - x.rho * x.rho) * x.uVar;
			u *= x.rho;
		}
		started = true;
		const a = x.actual[s];
		if (!Number.isFinite(a)) continue; // a missing row: no information
		const level = Math.max(L + u, 0.05);
		let R = (x.phi * level) / f + x.shapeVar * level * level;
		if (x.firstOpen >= 0 && s < x.firstOpen + x.openingSlots) R *= x.noise;
		const Sv = p11 + 2 * p12 + p22 + R;
		const lim = x.huberK * Math.sqrt(Sv);
		const raw = a / f - (L + u);
		const e = Math.max(-lim, Math.min(lim, raw));
		// Huber log-likelihood: quadratic inside the limit, linear outside (heavy tails)
		const z = Math.abs(raw) / Math.sqrt(Sv);
		loglik += -0.5 * Math.log(Sv) - (z <= x.huberK ? 0.5 * z * z : x.huberK * z - 0.5 * x.huberK * x.huberK);
		const k1 = (p11 + p12) / Sv;
		const k2 = (p12 + p22) / Sv;
		L += k1 * e;
		u += k2 * e;
		const h1 = p11 + p12;
		const h2 = p12 + p22;
		p11 -= k1 * h1;
		p12 -= k1 * h2;
		p22 -= k2 * h2;
	}
	return { L, u, p11: Math.max(0, p11), p12, p22: Math.max(0, p22), loglik };
}
