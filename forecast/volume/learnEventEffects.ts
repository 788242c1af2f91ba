import type { EventDayPosition } from '../calendar/eventDayPositions';
import type { SeriesContext } from './buildSeriesContext';
import type { DailyFit } from './fitDailyModel';
import { smoothProfile } from './smoothProfile';

export type UpliftBasis = 'same event' | 'same kind' | 'no history' | 'closure';

export interface Uplift {
	/** multiplier on the normal-day total */
	factor: number;
	basis: UpliftBasis;
	/** earlier occurrences it was learned from */
	occurrences: number;
}

/** Event effects learned from the history before one origin. */
export interface EventEffects {
	upliftFor(pos: EventDayPosition): Uplift;
	/** the event day's own intraday profile for a core day (null = use the normal weekday profile) */
	profileFor(pos: EventDayPosition, weekday: number): Float64Array | null;
}

interface Observation {
	eventIndex: number;
	phase: EventDayPosition['phase'];
	offset: number;
	coreDays: number;
	logRatio: number;
	/** grid day index */
	d: number;
}

/** Nearest ramp/tail offset accepted when an earlier occurrence has no data at the exact offset (closed day). */
const MAX_OFFSET_GAP = 3;

/**
 * Learns each event window's effect from history before `originDay`: for every observed day whose
 * dominant event position (./eventDayPositions) belongs to an earlier occurrence, the ratio of the
 * actual total to the in-sample normal-day baseline of the daily model (which was fitted without
 * event days, so events do not pollute it). A future day takes the mean log-ratio at the same
 * position (ramp/tail: days before/after; core: proportional position in the core) over earlier
 * occurrences of the same event name; when the event never occurred, over occurrences of all
 * events of the same kind; otherwise no effect (factor 1). Closure core days are 0.
 *
 * Core days with history also get their own intraday profile (Double 11 peaks at 00:00), the
 * ratio-of-sums profile of the matching earlier core days, lightly smoothed.
 *
 * @throws never; events without history simply get factor 1.
 * @example learnEventEffects(ctx, origin, dailyFit, 1).upliftFor(position).factor
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
	const obs: Observation[] = [];
	for (let d = 0; d < endIdx; d++) {
		const day = grid.firstDay + d;
		const pos = ctx.positions.get(day)?.[0];
		if (!pos || !days.dayComplete[d] || !days.openWeekday[days.weekday[d]]) continue;
		if (pos.kind === 'closure' && pos.phase === 'core') continue;
		const base = daily.inSample(day);
		const y = days.dayTotal[d];
		if (!(base > 0) || !(y > 0)) continue;
		obs.push({ eventIndex: pos.eventIndex, phase: pos.phase, offset: pos.offset, coreDays: pos.coreDays, logRatio: Math.log(y / base), d });
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

	const cache = new Map<string, { uplift: Uplift; matched: Observation[] }>();
	const lookup = (pos: EventDayPosition) => {
		const key = `${pos.eventIndex}|${pos.phase}|${pos.offset}`;
		let hit = cache.get(key);
		if (hit) return hit;
		if (pos.kind === 'closure' && pos.phase === 'core') {
			hit = { uplift: { factor: 0, basis: 'closure', occurrences: 0 }, matched: [] };
		} else {
			let matched = earlier(true, pos);
			let basis: UpliftBasis = 'same event';
			if (matched.length === 0) {
				matched = earlier(false, pos);
				basis = 'same kind';
			}
			if (matched.length === 0) {
				hit = { uplift: { factor: 1, basis: 'no history', occurrences: 0 }, matched };
			} else {
				const mean = matched.reduce((a, o) => a + o.logRatio, 0) / matched.length;
				hit = { uplift: { factor: Math.exp(mean), basis, occurrences: matched.length }, matched };
			}
		}
		cache.set(key, hit);
		return hit;
	};

	const profiles = new Map<string, Float64Array | null>();
	return {
		upliftFor: (pos) => lookup(pos).uplift,
		profileFor: (pos, weekday) => {
			if (pos.phase !== 'core') return null;
			const key = `${pos.eventIndex}|${pos.offset}|${weekday}`;
			if (!profiles.has(key)) profiles.set(key, eventProfile(pos, weekday));
			return profiles.get(key) ?? null;
		}
	};

	function eventProfile(pos: EventDayPosition, weekday: number): Float64Array | null {
		const { matched } = lookup(pos);
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
