import type { SeriesContext } from './buildSeriesContext';
import { fitDailyModel, type DailyConfig } from './fitDailyModel';
import { fitIntradayProfiles, type ProfileConfig } from './fitIntradayProfiles';
import type { TopDownConfig } from './fitTopDown';
import { learnEventEffects } from './learnEventEffects';
import { scoredDays } from './rollingOriginBacktest';

/** Days of history needed before the yearly component is a candidate (a year plus eight weeks). */
const YEARLY_MIN_DAYS = 364 + 56;

/**
 * Temperature of the daily-config weights, relative to the best backtest WAPE: a config whose
 * daily WAPE is 20 % worse than the best gets weight e^−1. Set once on development splits of the
 * bank data's training span (see docs/forecasting.md) — between picking the single best config
 * (overfits the few origins) and an unweighted mean (keeps configs that clearly do not fit).
 */
export const DAILY_WEIGHT_TEMPERATURE = 0.2;

/**
 * The daily candidates. Small, fixed and generic (not tuned to a data set): level half-lives from
 * three days to two months, damped trend on/off, weekday factors from recent (6-week half-life) or
 * long (26-week) history, and the yearly pattern on/off when more than a year of history exists.
 * Billing-cycle (month-edge) effects are always estimated: offering on/off variants to the
 * backtest-weighted ensemble diluted them (few month-edge days per backtest) and was worse on the
 * development splits (docs/forecasting.md, "Tuning log"); on a series without such effects the
 * estimates are averages of residual noise over months, i.e. close to 0.
 */
export function dailyCandidates(yearlyPossible: boolean): DailyConfig[] {
	const out: DailyConfig[] = [];
	for (const levelHalfLifeDays of [3, 7, 14, 28, 56])
		for (const trend of [false, true])
			for (const weekdayHalfLifeWeeks of [6, 26])
				for (const yearly of yearlyPossible ? [false, true] : [false])
					out.push({ levelHalfLifeDays, trend, monthEdge: true, yearly, weekdayHalfLifeWeeks });
	return out;
}

/** Profile candidates: half-lives of 2–16 weeks, 0–50 % pooling across weekdays, 0–3 slots of smoothing. */
export function profileCandidates(): ProfileConfig[] {
	const out: ProfileConfig[] = [];
	for (const halfLifeWeeks of [2, 4, 8, 16])
		for (const poolWeight of [0, 0.2, 0.5])
			for (const bandwidthSlots of [0, 1, 2, 3]) out.push({ halfLifeWeeks, poolWeight, bandwidthSlots });
	return out;
}

export interface TopDownSelection {
	config: TopDownConfig;
	/** pooled daily WAPE (%) over the origins of every daily candidate, in candidate order */
	dailyWapePct: number[];
	/** pooled interval WAPE (%) of the chosen profile given the actual daily totals */
	profileWapePct: number;
}

const FALLBACK: TopDownConfig = {
	daily: [{ levelHalfLifeDays: 14, trend: false, monthEdge: false, yearly: false, weekdayHalfLifeWeeks: 26 }],
	profile: { halfLifeWeeks: 4, poolWeight: 0.2, bandwidthSlots: 1 }
};

/**
 * Chooses the top-down hyper-parameters by rolling-origin backtest on the history only, in two
 * decoupled searches:
 * - daily: every daily candidate's pooled daily WAPE of day totals (event multipliers included);
 *   the model then uses all candidates, weighted w_i = exp(−(WAPE_i − WAPE_best) / (0.2·WAPE_best))
 *   (a performance-weighted forecast combination; Bates & Granger 1969, Timmermann 2006 §4);
 * - profile: the single config minimising the pooled interval WAPE of "actual day total × profile"
 *   on normal days, so the profile choice is not confounded by level error.
 *
 * @throws if `origins` is empty.
 * @example selectTopDownConfig(ctx, planOrigins(ctx, 12, 14), 14).config
 */
export function selectTopDownConfig(
	ctx: SeriesContext,
	origins: readonly number[],
	horizonDays: number
): TopDownSelection {
	if (origins.length === 0) throw new Error('selectTopDownConfig: need at least one backtest origin (history too short?)');
	const { grid, days } = ctx;
	const S = grid.slotsPerDay;
	const yearlyPossible = origins[origins.length - 1] - grid.firstDay >= YEARLY_MIN_DAYS;
	const scored = origins.map((o) => scoredDays(ctx, o, horizonDays));

	const candidates = dailyCandidates(yearlyPossible);
	const dailyWapePct = candidates.map((cfg) => {
		let err = 0;
		let tot = 0;
		origins.forEach((origin, k) => {
			const fit = fitDailyModel(ctx, origin, cfg);
			const effects = learnEventEffects(ctx, origin, fit, 0);
			for (const d of scored[k]) {
				if (!days.dayComplete[d]) continue;
				const day = grid.firstDay + d;
				const pos = ctx.positions.get(day)?.[0];
				const u = pos ? effects.upliftFor(pos, day) : undefined;
				const f = u ? (u.relativeTo === 'reference' ? fit.reference(day) : fit.forecast(day)) * u.factor : fit.forecast(day);
				err += Math.abs(days.dayTotal[d] - f);
				tot += days.dayTotal[d];
			}
		});
		return tot > 0 ? (100 * err) / tot : Infinity;
	});
	const bestDaily = Math.min(...dailyWapePct);

	let bestProfile: ProfileConfig | undefined;
	let profileWapePct = Infinity;
	for (const cfg of profileCandidates()) {
		let err = 0;
		let tot = 0;
		origins.forEach((origin, k) => {
			const fit = fitIntradayProfiles(ctx, origin, cfg);
			for (const d of scored[k]) {
				if (!ctx.isNormal[d]) continue;
				const total = days.dayTotal[d];
				const p = fit.byWeekday[days.weekday[d]];
				for (let s = 0; s < S; s++) {
					const y = days.values[d * S + s];
					if (Number.isNaN(y)) continue;
					err += Math.abs(y - total * p[s]);
					tot += y;
				}
			}
		});
		const wape = tot > 0 ? (100 * err) / tot : Infinity;
		if (wape < profileWapePct - 1e-12) {
			profileWapePct = wape;
			bestProfile = cfg;
		}
	}

	// No scored day at all (tiny history): fall back to middle-of-the-grid settings.
	if (!Number.isFinite(bestDaily)) {
		return { config: { ...FALLBACK, profile: bestProfile ?? FALLBACK.profile }, dailyWapePct, profileWapePct };
	}
	const daily: DailyConfig[] = [];
	const dailyWeights: number[] = [];
	candidates.forEach((cfg, i) => {
		if (!Number.isFinite(dailyWapePct[i])) return;
		daily.push(cfg);
		dailyWeights.push(Math.exp(-(dailyWapePct[i] - bestDaily) / (DAILY_WEIGHT_TEMPERATURE * Math.max(bestDaily, 1e-9))));
	});
	return {
		config: { daily, dailyWeights, profile: bestProfile ?? FALLBACK.profile },
		dailyWapePct,
		profileWapePct
	};
}
