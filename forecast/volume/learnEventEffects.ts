import type { EventDayPosition } from '../calendar/eventDayPositions';
import type { SeriesContext } from './buildSeriesContext';
import type { DailyFit } from './fitDailyModel';
import { smoothProfile } from './smoothProfile';
import { weekdayOfDay } from '../calendar/localDate';

export type UpliftBasis = 'same event' | 'same kind' | 'no history' | 'closure';

export interface Uplift {
	/**
	 * multiplier: on the day's normal weekday baseline (`relativeTo: 'weekday'`), or on the week's
	 * level without weekday effect (`'reference'`, day types that replace the weekday)
	 */
	factor: number;
	relativeTo: 'weekday' | 'reference';
	basis: UpliftBasis;
	/** earlier occurrences it was learned from */
	occurrences: number;
	/** indices (in the context's event list) of those occurrences */
	sources: number[];
	/** the day type (docs/forecasting.md "Day types") */
	dayType: DayType;
}

/**
 * Day types a calendar position gives a day. Ordinary working days, the shortened pre-rest day and
 * rest days are the weekday effects of the daily model (`weekday`); the others come from events.
 */
export type DayType = 'weekday' | 'eve' | 'holiday' | 'closure' | 'workday' | 'ramp' | 'peak' | 'tail';

/** Event effects learned from the history before one origin. */
export interface EventEffects {
	/** the effect of `pos` on absolute day `day` */
	upliftFor(pos: EventDayPosition, day: number): Uplift;
	/** the event day's own intraday profile for a core day (null = use the normal weekday profile) */
	profileFor(pos: EventDayPosition, weekday: number): Float64Array | null;
}

interface Observation {
	eventIndex: number;
	kind: EventDayPosition['kind'];
	phase: EventDayPosition['phase'];
	offset: number;
	coreDays: number;
	/** log(actual ÷ base); base = the weekday baseline or the reference level (see `replacesWeekday`) */
	logRatio: number;
	/** grid day index */
	d: number;
}

/** Nearest ramp/tail offset accepted when an earlier occurrence has no data at the exact offset (closed day). */
const MAX_OFFSET_GAP = 3;

/**
 * Whether a position *replaces* the day's weekday type instead of multiplying it: a holiday's or
 * closure's core day, its eve (the day before), a 调休 working day. Such days are learned as a ratio
 * to the week's level without weekday effect and forecast from it, so an eve falling on the short
 * pre-weekend day is not cut a second time (issue 22: "eve ×0.27" on an already short Friday gave
 * 149 against 491), and a 调休 Saturday is a working day, not a Saturday.
 */
export function replacesWeekday(pos: Pick<EventDayPosition, 'kind' | 'phase' | 'offset'>): boolean {
	if (pos.phase === 'core') return pos.kind === 'holiday' || pos.kind === 'closure' || pos.kind === 'workday';
	return pos.phase === 'ramp' && pos.offset === 1 && (pos.kind === 'holiday' || pos.kind === 'closure');
}

/** The day type of a position (eve = the day before a holiday or closure). */
export function dayTypeOf(pos: Pick<EventDayPosition, 'kind' | 'phase' | 'offset'>): DayType {
	if (pos.phase === 'core') {
		if (pos.kind === 'holiday' || pos.kind === 'closure' || pos.kind === 'workday') return pos.kind;
		return 'peak';
	}
	if (pos.phase === 'ramp' && pos.offset === 1 && (pos.kind === 'holiday' || pos.kind === 'closure')) return 'eve';
	return pos.phase;
}

/**
 * Priors of the day types (log scale) and how far a kind's real effect typically lies from its
 * prior (τ, log sd). Documented in docs/decisions/0090-day-types-from-the-calendar.md.
 * - closure: 5 % of the week's level arrives on a closed day (voicemail, callbacks, web forms) —
 *   never 0 unless the event says `lineShut`; τ 1.5 (anything from 1 % to 100 % is plausible);
 * - eve, open holiday: like the day they replace (no effect), τ 0.5;
 * - 调休 working day: like the mean open Monday–Friday, τ 0.3;
 * - promotion ramp/peak/tail: no effect, τ 1.0 (a Double 11 peak is ×3–×10); other kinds τ 0.5.
 */
export const CLOSURE_PRIOR_RESIDUAL = 0.05;
const PRIOR_SD: Record<DayType, number> = { weekday: 0.5, eve: 0.5, holiday: 0.5, closure: 1.5, workday: 0.3, ramp: 1.0, peak: 1.0, tail: 1.0 };
const OTHER_KIND_PRIOR_SD = 0.5;
/** Floor of the per-occurrence noise sd σ (log): a daily model's residual sd below 5 % is over-fitted. */
const MIN_OCCURRENCE_SD = 0.05;

/**
 * Normal–normal shrinkage: the posterior mean of an effect with prior N(prior, τ²) after n
 * occurrences with mean m, each seen with noise σ². Few or noisy occurrences stay near the prior;
 * one clean occurrence (σ ≪ τ) is taken nearly as is.
 *
 * @example shrink(0, 0.5, [Math.log(0.4)], 0.05) // ≈ log(0.4) × 0.99
 */
export function shrink(prior: number, tau: number, values: readonly number[], sigma: number): number {
	if (values.length === 0) return prior;
	const m = values.reduce((a, b) => a + b, 0) / values.length;
	const dataPrec = values.length / (sigma * sigma);
	const priorPrec = 1 / (tau * tau);
	return (dataPrec * m + priorPrec * prior) / (dataPrec + priorPrec);
}

/**
 * Learns each event window's effect from history before `originDay`. Every observed day whose
 * dominant event position (./eventDayPositions) belongs to an earlier occurrence gives a log-ratio:
 * actual ÷ in-sample normal-day baseline (promotion ramps/peaks/tails and other kinds, which
 * multiply the day's weekday level), or actual ÷ the week's level without weekday effect (day types
 * that *replace* the weekday: eve, holiday, closure residual, 调休 working day — `replacesWeekday`).
 * Closure days with rows give their residual volume (missing rows count as 0: the line was closed).
 * A future day takes, at the same position (ramp day k before, tail day k after, core position
 * mapped proportionally), the occurrences of the same event name shrunk toward the occurrences of
 * the other events of the same kind, themselves shrunk toward the day type's prior (`shrink`,
 * per-occurrence noise σ = the daily model's residual sd). A closure with `lineShut` is 0.
 *
 * Core days with history also get their own intraday profile (Double 11 peaks at 00:00), the
 * ratio-of-sums profile of the matching earlier core days, lightly smoothed.
 *
 * @throws never; events without history get their day type's prior.
 * @example learnEventEffects(ctx, origin, dailyFit, 1).upliftFor(position, day).factor
 */
export function learnEventEffects(
	ctx: SeriesContext,
	originDay: number,
	daily: DailyFit,
	bandwidthSlots: number
): EventEffects {
	const { grid, days, events } = ctx;
	const S = grid.slotsPerDay;
	const endIdx = Math.min(grid.numDays, originDay - grid.firstDay);
	const sigma = Math.max(MIN_OCCURRENCE_SD, Number.isFinite(daily.residualSdLog) ? daily.residualSdLog : 0);
	const obs: Observation[] = [];
	for (let d = 0; d < endIdx; d++) {
		const day = grid.firstDay + d;
		const pos = ctx.positions.get(day)?.[0];
		if (!pos) continue;
		let y: number;
		if (pos.kind === 'closure' && pos.phase === 'core') {
			// residual volume of a closed day: the rows it has (none = unobserved, not 0)
			if (grid.rowsPerDay[d] === 0) continue;
			y = 0;
			for (let s = 0; s < S; s++) {
				const v = grid.values[d * S + s];
				if (!Number.isNaN(v)) y += v;
			}
		} else {
			if (!days.dayComplete[d]) continue;
			if (!days.openWeekday[days.weekday[d]] && !(pos.kind === 'workday' && pos.phase === 'core')) continue;
			y = days.dayTotal[d];
		}
		const base = replacesWeekday(pos) ? daily.referenceInSample(day) : daily.inSample(day);
		if (!(base > 0) || !(y >= 0)) continue;
		// half a contact floors an empty closed day (log 0)
		obs.push({ eventIndex: pos.eventIndex, kind: pos.kind, phase: pos.phase, offset: pos.offset, coreDays: pos.coreDays, logRatio: Math.log(Math.max(y, 0.5) / base), d });
	}
	const byEvent = new Map<number, Observation[]>();
	for (const o of obs) {
		let list = byEvent.get(o.eventIndex);
		if (!list) byEvent.set(o.eventIndex, (list = []));
		list.push(o);
	}

	/** The observation of one earlier occurrence matching a target position, if any. */
	const match = (list: Observation[], pos: EventDayPosition): Observation | undefined => {
		if (pos.phase === 'core') {
			const cores = list.filter((o) => o.phase === 'core');
			if (cores.length === 0) return undefined;
			const occCore = cores[0].coreDays;
			const want = pos.coreDays > 1 ? Math.round((pos.offset * (occCore - 1)) / (pos.coreDays - 1)) : 0;
			let best: Observation | undefined;
			for (const o of cores) if (!best || Math.abs(o.offset - want) < Math.abs(best.offset - want)) best = o;
			return best && Math.abs(best.offset - want) <= Math.max(MAX_OFFSET_GAP, Math.ceil(occCore / 4)) ? best : undefined;
		}
		let best: Observation | undefined;
		for (const o of list) {
			if (o.phase !== pos.phase) continue;
			// an eve is matched only by eves (offset 1), other ramp days by ramp days
			if (replacesWeekday(o) !== replacesWeekday(pos)) continue;
			if (!best || Math.abs(o.offset - pos.offset) < Math.abs(best.offset - pos.offset)) best = o;
		}
		return best && Math.abs(best.offset - pos.offset) <= MAX_OFFSET_GAP ? best : undefined;
	};

	const earlier = (sameName: boolean, pos: EventDayPosition): Observation[] => {
		const out: Observation[] = [];
		for (const [eventIndex, list] of byEvent) {
			if (eventIndex === pos.eventIndex) continue;
			const e = events[eventIndex];
			if (sameName ? e.name !== pos.name : e.kind !== pos.kind || e.name === pos.name) continue;
			const m = match(list, pos);
			if (m) out.push(m);
		}
		return out;
	};

	// Weekday log effects (mean 0 over open weekdays) and the mean open Monday–Friday, as priors.
	const w = daily.weekdayLog;
	let workSum = 0;
	let workN = 0;
	for (let j = 0; j < 5; j++) {
		if (!days.openWeekday[j]) continue;
		workSum += Math.exp(w[j]);
		workN++;
	}
	const workLog = workN > 0 ? Math.log(workSum / workN) : 0;

	const cache = new Map<string, { uplift: Uplift; matched: Observation[] }>();
	const lookup = (pos: EventDayPosition, day: number) => {
		const wd = weekdayOfDay(day);
		const key = `${pos.eventIndex}|${pos.phase}|${pos.offset}|${wd}`;
		let hit = cache.get(key);
		if (hit) return hit;
		const dayType = dayTypeOf(pos);
		const relativeTo = replacesWeekday(pos) ? 'reference' : 'weekday';
		const event = events[pos.eventIndex];
		if (dayType === 'closure' && event?.lineShut) {
			hit = { uplift: { factor: 0, relativeTo: 'weekday', basis: 'closure', occurrences: 0, sources: [], dayType }, matched: [] };
		} else {
			const ownWeekday = days.openWeekday[wd] ? w[wd] : workLog;
			const prior =
				dayType === 'closure' ? Math.log(CLOSURE_PRIOR_RESIDUAL) : dayType === 'workday' ? workLog : dayType === 'eve' || dayType === 'holiday' ? ownWeekday : 0;
			const tau = pos.kind === 'other' ? OTHER_KIND_PRIOR_SD : PRIOR_SD[dayType];
			const same = earlier(true, pos);
			const kind = earlier(false, pos);
			const kindLevel = shrink(prior, tau, kind.map((o) => o.logRatio), sigma);
			const est = shrink(kindLevel, tau, same.map((o) => o.logRatio), sigma);
			const basis: UpliftBasis = same.length > 0 ? 'same event' : kind.length > 0 ? 'same kind' : dayType === 'closure' ? 'closure' : 'no history';
			const matched = same.length > 0 ? same : kind;
			hit = { uplift: { factor: Math.exp(est), relativeTo, basis, occurrences: matched.length, sources: matched.map((o) => o.eventIndex), dayType }, matched };
		}
		cache.set(key, hit);
		return hit;
	};

	const profiles = new Map<string, Float64Array | null>();
	return {
		upliftFor: (pos, day) => lookup(pos, day).uplift,
		profileFor: (pos, weekday) => {
			if (pos.phase !== 'core') return null;
			const key = `${pos.eventIndex}|${pos.offset}|${weekday}`;
			if (!profiles.has(key)) profiles.set(key, eventProfile(pos, weekday));
			return profiles.get(key) ?? null;
		}
	};

	function eventProfile(pos: EventDayPosition, weekday: number): Float64Array | null {
		// any day with that weekday gives the same matches (the weekday only moves the prior)
		const { matched } = lookup(pos, weekday + 4);
		if (matched.length === 0) return null;
		const num = new Float64Array(S);
		let den = 0;
		for (const o of matched) {
			for (let s = 0; s < S; s++) {
				const v = days.values[o.d * S + s];
				if (Number.isNaN(v)) continue;
				num[s] += v;
				den += v;
			}
		}
		if (!(den > 0)) return null;
		const mask = new Uint8Array(S);
		const typ = days.typicalSlot[weekday];
		for (let s = 0; s < S; s++) {
			num[s] /= den;
			mask[s] = typ[s] || num[s] > 0 ? 1 : 0;
		}
		return smoothProfile(num, mask, Math.min(1, bandwidthSlots));
	}
}
