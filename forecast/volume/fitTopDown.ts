import type { EventDayPosition } from '../calendar/eventDayPositions';
import { dateOfDay, weekdayOfDay } from '../calendar/localDate';
import type { SeriesContext } from './buildSeriesContext';
import { combineDailyFits, fitDailyModel, type DailyConfig, type DailyFit } from './fitDailyModel';
import { fitIntradayProfiles, type ProfileConfig, type ProfileFit } from './fitIntradayProfiles';
import { learnEventEffects, type DayType, type EventEffects, type UpliftBasis } from './learnEventEffects';
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
	/** indices of the earlier event occurrences the uplift was learned from */
	sources?: number[];
	position?: EventDayPosition;
	/** the day's type (weekday, eve, holiday, closure, workday, ramp, peak, tail) */
	dayType?: DayType;
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
 * Day types that replace the weekday (eve, holiday, closure residual, 调休 working day) take the
 * week's reference level × their learned factor (./learnEventEffects). Closed weekdays are 0
 * (unless a 调休 working day falls on one); a closure is 0 only when its event says `lineShut`.
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

	// The mean profile of the open Monday–Friday: a 调休 working day on a weekday the centre is
	// otherwise closed on has no profile of its own.
	const workProfile = new Float64Array(S);
	{
		let n = 0;
		for (let j = 0; j < 5; j++) {
			if (!ctx.days.openWeekday[j]) continue;
			for (let s = 0; s < S; s++) workProfile[s] += profiles.byWeekday[j][s];
			n++;
		}
		if (n > 0) for (let s = 0; s < S; s++) workProfile[s] /= n;
	}

	const predictDay = (day: number): TopDownDay => {
		const wd = weekdayOfDay(day);
		const position = ctx.positions.get(day)?.[0];
		const empty: TopDownDay = { values: new Float64Array(S), total: 0, baseline: 0, uplift: 0, occurrences: 0, position };
		const workdayOnClosed = position?.kind === 'workday' && position.phase === 'core' && !ctx.days.openWeekday[wd];
		if (!ctx.days.openWeekday[wd] && !workdayOnClosed) return empty;
		let baseline = daily.forecast(day);
		let uplift = 1;
		let basis: TopDownDay['basis'];
		let occurrences = 0;
		let sources: number[] = [];
		let dayType: TopDownDay['dayType'] = 'weekday';
		let profile = workdayOnClosed ? workProfile : profiles.byWeekday[wd];
		if (position) {
			const u = effects.upliftFor(position, day);
			dayType = u.dayType;
			basis = u.basis;
			occurrences = u.occurrences;
			sources = u.sources;
			if (u.relativeTo === 'reference') {
				// the day type replaces the weekday: its level is the week's reference × the factor
				const level = daily.reference(day) * u.factor;
				if (baseline > 0) uplift = level / baseline;
				else {
					baseline = daily.reference(day);
					uplift = u.factor;
				}
			} else uplift = u.factor;
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
		return { values, total, baseline, uplift, basis, occurrences, sources, position, dayType };
	};
	return { daily, profiles, effects, predictDay, applied };
}
