import type { CalendarEvent } from './CalendarEvent';
import { dayNumber } from './localDate';

/** Where a day sits relative to one event. */
export interface EventDayPosition {
	/** index of the event in the list passed in */
	eventIndex: number;
	name: string;
	kind: CalendarEvent['kind'];
	phase: 'ramp' | 'core' | 'tail';
	/**
	 * ramp: days before `dateStart` (1 = the day before); core: 0-based day within the core;
	 * tail: days after `dateEnd` (1 = the day after).
	 */
	offset: number;
	/** number of core days of the event */
	coreDays: number;
}

const PHASE_RANK: Record<EventDayPosition['phase'], number> = { core: 0, ramp: 1, tail: 2 };
/** A closure's core beats any other core: the centre is shut whatever else happens that day. */
const rank = (p: EventDayPosition) => (p.phase === 'core' && p.kind === 'closure' ? -1 : PHASE_RANK[p.phase]);

/**
 * For every day number in `fromDay`…`toDay` touched by an event window (ramp + core + tail),
 * the positions of that day in each event, the dominant first: a closure's core, then other cores,
 * ramps, tails; ties go to the event listed first. Days outside all windows are absent from the map.
 *
 * @throws if `toDay` < `fromDay` or an event has invalid dates.
 * @example eventDayPositions([{ name: 'x', kind: 'other', dateStart: '1970-01-03', dateEnd: '1970-01-03',
 *   rampDays: 1, tailDays: 0, source: 'user' }], 0, 5).get(1)?.[0].phase // 'ramp'
 */
export function eventDayPositions(
	events: readonly CalendarEvent[],
	fromDay: number,
	toDay: number
): Map<number, EventDayPosition[]> {
	if (!(toDay >= fromDay)) throw new Error(`eventDayPositions: toDay (${toDay}) must be ≥ fromDay (${fromDay})`);
	const out = new Map<number, EventDayPosition[]>();
	events.forEach((e, eventIndex) => {
		const start = dayNumber(e.dateStart);
		const end = dayNumber(e.dateEnd);
		const coreDays = end - start + 1;
		const add = (day: number, phase: EventDayPosition['phase'], offset: number) => {
			if (day < fromDay || day > toDay) return;
			let list = out.get(day);
			if (!list) out.set(day, (list = []));
			list.push({ eventIndex, name: e.name, kind: e.kind, phase, offset, coreDays });
		};
		for (let k = 1; k <= e.rampDays; k++) add(start - k, 'ramp', k);
		for (let d = start; d <= end; d++) add(d, 'core', d - start);
		for (let k = 1; k <= e.tailDays; k++) add(end + k, 'tail', k);
	});
	for (const list of out.values()) {
		list.sort((a, b) => rank(a) - rank(b) || a.eventIndex - b.eventIndex);
	}
	return out;
}
