import type { SeriesContext } from './buildSeriesContext';
import { smoothProfile } from './smoothProfile';

/** Hyper-parameters of the intraday profiles; chosen per history by rolling-origin backtest. */
export interface ProfileConfig {
	/** half-life (weeks) of the weights of past days */
	halfLifeWeeks: number;
	/** weight (0…1) of the all-weekday profile mixed into each weekday's profile (shrinkage) */
	poolWeight: number;
	/** local-linear smoothing half-width in slots (0 = none) */
	bandwidthSlots: number;
}

/** Share of the day's volume in each slot, per weekday (0 = Monday); all zero for closed weekdays. */
export interface ProfileFit {
	config: ProfileConfig;
	byWeekday: Float64Array[];
}

const MAX_LOOKBACK_WEEKS = 26;

/**
 * Intraday profiles from normal days before `originDay` (event windows, partial and missing days
 * excluded): for weekday j, p_j[s] = Σ ω_d y_{d,s} / Σ ω_d y_d (a ratio of weighted sums, so
 * busy days count in proportion to their volume), ω_d = 0.5^(age/half-life). Each weekday's
 * profile is shrunk towards the pooled all-weekday profile (James–Stein style convex mix),
 * smoothed across neighbouring slots (./smoothProfile), and renormalised. This is the "intraday
 * profile × daily total" top-down split used in WFM practice (e.g. Ibrahim et al. 2016,
 * "Modeling and forecasting call center arrivals: A literature survey", §4).
 *
 * @throws if `config.poolWeight` is outside 0…1 or `halfLifeWeeks` ≤ 0.
 * @example fitIntradayProfiles(ctx, ctx.lastDay + 1, { halfLifeWeeks: 4, poolWeight: 0.2, bandwidthSlots: 1 }).byWeekday[0]
 */
export function fitIntradayProfiles(ctx: SeriesContext, originDay: number, config: ProfileConfig): ProfileFit {
	if (!(config.poolWeight >= 0 && config.poolWeight <= 1)) {
		throw new Error(`fitIntradayProfiles: poolWeight must be in 0…1, got ${config.poolWeight}`);
	}
	if (!(config.halfLifeWeeks > 0)) {
		throw new Error(`fitIntradayProfiles: halfLifeWeeks must be > 0, got ${config.halfLifeWeeks}`);
	}
	const { grid, days } = ctx;
	const S = grid.slotsPerDay;
	const endIdx = Math.min(grid.numDays, originDay - grid.firstDay);
	const lookbackWeeks = Math.min(MAX_LOOKBACK_WEEKS, Math.ceil(4 * config.halfLifeWeeks));
	const startIdx = Math.max(0, endIdx - lookbackWeeks * 7);
	const num: Float64Array[] = Array.from({ length: 7 }, () => new Float64Array(S));
	const den = new Float64Array(7);
	/** per weekday and slot: weighted days on which the slot had a row */
	const seen: Float64Array[] = Array.from({ length: 7 }, () => new Float64Array(S));
	for (let d = startIdx; d < endIdx; d++) {
		if (!ctx.isNormal[d]) continue;
		const total = days.dayTotal[d];
		if (!(total > 0)) continue;
		const wt = Math.pow(0.5, (originDay - grid.firstDay - d) / (7 * config.halfLifeWeeks));
		const j = days.weekday[d];
		// Missing typical slots were filled in the day total; fill them at the weekday's mean later
		// by simply skipping them here and scaling the denominator by the present share.
		let present = 0;
		for (let s = 0; s < S; s++) {
			const v = days.values[d * S + s];
			if (Number.isNaN(v)) continue;
			num[j][s] += wt * v;
			seen[j][s] += wt;
			present += v;
		}
		den[j] += wt * present;
	}
	// If the recent window has no normal day for a weekday, fall back to all history before the origin.
	for (let j = 0; j < 7; j++) {
		if (den[j] > 0 || !days.openWeekday[j]) continue;
		for (let d = 0; d < endIdx; d++) {
			if (days.weekday[d] !== j || !days.dayComplete[d]) continue;
			for (let s = 0; s < S; s++) {
				const v = days.values[d * S + s];
				if (!Number.isNaN(v)) {
					num[j][s] += v;
					seen[j][s] += 1;
					den[j] += v;
				}
			}
		}
	}
	const pooledNum = new Float64Array(S);
	let pooledDen = 0;
	for (let j = 0; j < 7; j++) {
		if (!days.openWeekday[j]) continue;
		for (let s = 0; s < S; s++) pooledNum[s] += num[j][s];
		pooledDen += den[j];
	}
	const byWeekday: Float64Array[] = [];
	for (let j = 0; j < 7; j++) {
		const p = new Float64Array(S);
		if (!days.openWeekday[j] || (den[j] === 0 && pooledDen === 0)) {
			byWeekday.push(p);
			continue;
		}
		const lam = den[j] > 0 ? config.poolWeight : 1;
		const mask = days.typicalSlot[j];
		for (let s = 0; s < S; s++) {
			if (!mask[s]) continue;
			const pooled = pooledDen > 0 ? pooledNum[s] / pooledDen : 0;
			// A usual slot this weekday never had a row in (a gap repeating every week) takes the
			// pooled share instead of 0; the profile is renormalised by smoothProfile.
			const own = den[j] > 0 ? (seen[j][s] > 0 ? num[j][s] / den[j] : pooled) : 0;
			p[s] = (1 - lam) * own + lam * pooled;
		}
		byWeekday.push(smoothProfile(p, mask, config.bandwidthSlots));
	}
	return { config, byWeekday };
}

