import type { EventDayPosition } from '../calendar/eventDayPositions';
import { dateOfDay, weekdayOfDay } from '../calendar/localDate';
import type { SeriesContext } from './buildSeriesContext';
import { combineDailyFits, fitDailyModel, type DailyConfig, type DailyFit } from './fitDailyModel';
import { fitIntradayProfiles, type ProfileConfig, type ProfileFit } from './fitIntradayProfiles';
import { learnEventEffects, type EventEffects, type UpliftBasis } from './learnEventEffects';
import type { AppliedOverride, UpliftOverride } from './types';

export interface TopDownConfig {
	/** one or more daily configs; several are combined (weighted mean of their forecasts) */
	daily: DailyConfig[];
	/** weights of `daily` (default equal) */
	dailyWeights?: number[];
	profile: ProfileConfig;
}

/** One forecast day of the top-down model. */
export interface TopDownDay {
	/** per slot */
	values: Float64Array;
	total: number;
	/** normal-day total before the event multiplier */
	baseline: number;
	uplift: number;
	basis?: UpliftBasis | 'override';
	occurrences: number;
	position?: EventDayPosition;
}

export interface TopDownFit {
	daily: DailyFit;
	profiles: ProfileFit;
	effects: EventEffects;
	predictDay(day: number): TopDownDay;
	/** overrides applied so far by predictDay */
	applied: AppliedOverride[];
}

/**
 * The top-down model: daily total = normal-day baseline (./fitDailyModel) × event multiplier
 * (./learnEventEffects, or a planner's override), split over the day by the weekday's intraday
 * profile (./fitIntradayProfiles) or, on an event's core day with history, the event's own profile.
 * Closed weekdays and closure days are 0.
 *
 * @throws if an override's factor is negative or not finite, or fitting fails (no usable history).
 * @example fitTopDown(ctx, origin, config).predictDay(origin).total
 */
export function fitTopDown(
	ctx: SeriesContext,
	originDay: number,
	config: TopDownConfig,
	overrides: readonly UpliftOverride[] = []
): TopDownFit {
	overrides.forEach((o, i) => {
		if (!Number.isFinite(o.upliftFactor) || o.upliftFactor < 0) {
			throw new Error(`fitTopDown: upliftOverrides[${i}].upliftFactor must be a finite number ≥ 0, got ${o.upliftFactor}`);
		}
	});
	const daily = combineDailyFits(config.daily.map((c) => fitDailyModel(ctx, originDay, c)), config.dailyWeights);
	const profiles = fitIntradayProfiles(ctx, originDay, config.profile);
	const effects = learnEventEffects(ctx, originDay, daily, config.profile.bandwidthSlots);
	const S = ctx.grid.slotsPerDay;
	const applied: AppliedOverride[] = [];

	const predictDay = (day: number): TopDownDay => {
		const wd = weekdayOfDay(day);
		const position = ctx.positions.get(day)?.[0];
		const empty: TopDownDay = { values: new Float64Array(S), total: 0, baseline: 0, uplift: 0, occurrences: 0, position };
		if (!ctx.days.openWeekday[wd]) return empty;
		if (!ctx.isOpenDay(day)) return { ...empty, basis: 'closure' };
		const baseline = daily.forecast(day);
		let uplift = 1;
		let basis: TopDownDay['basis'];
		let occurrences = 0;
		let profile = profiles.byWeekday[wd];
		if (position) {
			const u = effects.upliftFor(position);
			uplift = u.factor;
			basis = u.basis;
			occurrences = u.occurrences;
			const date = dateOfDay(day);
			const ov = overrides.find((o) => o.eventName === position.name && (o.date === undefined || o.date === date));
			if (ov) {
				applied.push({ eventName: position.name, date, previousFactor: uplift, newFactor: ov.upliftFactor, reason: ov.reason });
				uplift = ov.upliftFactor;
				basis = 'override';
			}
			const own = effects.profileFor(position, wd);
			if (own) profile = own;
		}
		const total = baseline * uplift;
		const values = new Float64Array(S);
		for (let s = 0; s < S; s++) values[s] = total * profile[s];
		return { values, total, baseline, uplift, basis, occurrences, position };
	};
	return { daily, profiles, effects, predictDay, applied };
}
