import { dayNumber, isLocalDate } from './localDate';

/**
 * What an event does to contact volume; uplift is learned per name, then per kind.
 * `workday` is a make-up working day (调休): a rest day (a weekend) on which people work, e.g. the
 * Saturday before National Day week — forecast as a working day, not as the weekend it falls on.
 */
export type EventKind = 'promotion' | 'holiday' | 'closure' | 'workday' | 'other';

export const EVENT_KINDS: readonly EventKind[] = ['promotion', 'holiday', 'closure', 'workday', 'other'];

/**
 * One calendar event (a promotion, a public holiday, a closure of the centre, anything else that
 * moves volume). Dates are local calendar days in the centre's zone.
 *
 * - `dateStart`…`dateEnd` (inclusive) are the core days (e.g. 11-11 for Double 11; the official
 *   days off for a holiday; the days the centre is shut for a closure).
 * - `rampDays` days before `dateStart` are the pre-event ramp (pre-sales, logistics stop before
 *   Spring Festival); `tailDays` days after `dateEnd` are the post-event tail (after-sales as
 *   parcels arrive, the bump after a closure).
 */
export interface CalendarEvent {
	name: string;
	kind: EventKind;
	/** YYYY-MM-DD, inclusive */
	dateStart: string;
	/** YYYY-MM-DD, inclusive */
	dateEnd: string;
	rampDays: number;
	tailDays: number;
	source: 'builtin' | 'user';
	/** Optional provenance, e.g. "official State Council notice" or "estimated by rule". */
	note?: string;
	/**
	 * Closures only: the line is really shut (no contact can arrive) — forecast exactly 0. Without
	 * it a closure forecasts the residual volume learned from earlier closures (calls still arrive
	 * on a closed day: voicemail, callbacks, an emergency line), or a documented prior.
	 */
	lineShut?: boolean;
}

/**
 * Checks one event and returns it unchanged, or throws a message that names `where`
 * (e.g. "events line 3") and the broken field.
 *
 * @throws when a date is not YYYY-MM-DD, `dateEnd` < `dateStart`, the kind is unknown, the name is
 *   empty, or `rampDays`/`tailDays` are not integers in 0…60.
 * @example validateCalendarEvent({ name: 'x', kind: 'other', dateStart: '2025-01-01',
 *   dateEnd: '2025-01-01', rampDays: 0, tailDays: 0, source: 'user' }, 'event 0')
 */
export function validateCalendarEvent(event: CalendarEvent, where: string): CalendarEvent {
	const fail = (msg: string): never => {
		throw new Error(`validateCalendarEvent: ${where}: ${msg}`);
	};
	if (typeof event.name !== 'string' || event.name.trim() === '') fail('name must be a non-empty string');
	if (!EVENT_KINDS.includes(event.kind)) {
		fail(`kind must be one of ${EVENT_KINDS.join(', ')}, got ${JSON.stringify(event.kind)}`);
	}
	if (!isLocalDate(event.dateStart)) fail(`date_start must be YYYY-MM-DD, got ${JSON.stringify(event.dateStart)}`);
	if (!isLocalDate(event.dateEnd)) fail(`date_end must be YYYY-MM-DD, got ${JSON.stringify(event.dateEnd)}`);
	if (dayNumber(event.dateEnd) < dayNumber(event.dateStart)) {
		fail(`date_end ${event.dateEnd} is before date_start ${event.dateStart}`);
	}
	for (const key of ['rampDays', 'tailDays'] as const) {
		const v = event[key];
		if (!Number.isInteger(v) || v < 0 || v > 60) fail(`${key} must be an integer in 0…60, got ${v}`);
	}
	if (event.lineShut !== undefined && (typeof event.lineShut !== 'boolean' || (event.lineShut && event.kind !== 'closure'))) {
		fail(`line_shut is for closures only and must be true or false, got ${JSON.stringify(event.lineShut)} on a ${event.kind}`);
	}
	if (event.source !== 'builtin' && event.source !== 'user') {
		fail(`source must be 'builtin' or 'user', got ${JSON.stringify(event.source)}`);
	}
	return event;
}
