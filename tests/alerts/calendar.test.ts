/**
 * Business calendars and clock pauses. Expected durations are counted by hand from the
 * calendar definitions (stated next to each assertion).
 */
import { describe, expect, it } from 'vitest';
import { compileCalendar, type BusinessCalendar, type ContactRule } from '../../alerts/index';
import { HOUR, MIN, SEC, chat, configWith, simulate } from './harness';
import { createAlertEngine } from '../../alerts/index';

const officeHours: BusinessCalendar = {
	weekly: {
		mon: [['09:00', '18:00']],
		tue: [['09:00', '18:00']],
		wed: [['09:00', '18:00']],
		thu: [['09:00', '18:00']],
		fri: [['09:00', '18:00']]
	},
	holidays: []
};
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('compileCalendar.businessMs', () => {
	const cal = compileCalendar(officeHours);

	it('counts only working hours in Asia/Shanghai by default', () => {
		// Mon 08:00 → Mon 20:00 covers 09:00–18:00 = 9 h
		expect(cal.businessMs(at('2025-03-03T08:00:00'), at('2025-03-03T20:00:00'))).toBe(9 * HOUR);
		// Fri 17:00 → Mon 10:00: Fri 1 h + Mon 1 h = 2 h (weekend closed)
		expect(cal.businessMs(at('2025-03-07T17:00:00'), at('2025-03-10T10:00:00'))).toBe(2 * HOUR);
		// a full Mon–Sun week: 5 × 9 h = 45 h
		expect(cal.businessMs(at('2025-03-03T00:00:00'), at('2025-03-10T00:00:00'))).toBe(45 * HOUR);
		expect(cal.businessMs(at('2025-03-03T12:00:00'), at('2025-03-03T11:00:00'))).toBe(0);
	});

	it('closes holidays and applies special days (调休 make-up Saturday)', () => {
		const withHolidays = compileCalendar({
			...officeHours,
			holidays: ['2025-10-01'],
			specialDays: { '2025-09-28': [['09:00', '18:00']] } // Sunday worked before National Day
		});
		expect(withHolidays.businessMs(at('2025-10-01T00:00:00'), at('2025-10-02T00:00:00'))).toBe(0);
		expect(withHolidays.businessMs(at('2025-09-28T00:00:00'), at('2025-09-29T00:00:00'))).toBe(9 * HOUR);
		expect(withHolidays.isOpen(at('2025-09-28T10:00:00'))).toBe(true);
		expect(withHolidays.isOpen(at('2025-10-01T10:00:00'))).toBe(false);
	});

	it('follows the zone offset rules: a 00:00–24:00 day is 23 h on a spring-forward day', () => {
		// US DST 2025 starts Sunday 9 March at 02:00 local (America/New_York): that day lasts 23 h.
		const ny = compileCalendar({ zone: 'America/New_York', weekly: { sun: [['00:00', '24:00']] }, holidays: [] });
		const from = Date.parse('2025-03-09T00:00:00-05:00');
		const to = Date.parse('2025-03-10T00:00:00-04:00');
		expect(ny.businessMs(from, to)).toBe(23 * HOUR);
	});

	it('rejects a malformed calendar naming the field', () => {
		expect(() => compileCalendar({ weekly: { mon: [['18:00', '09:00']] }, holidays: [] })).toThrow(/weekly\.mon\[0\]/);
		expect(() => compileCalendar({ zone: 'Mars/Olympus', weekly: {}, holidays: [] })).toThrow(/zone must be a valid IANA zone/);
		expect(() => compileCalendar({ weekly: {}, holidays: ['2025-02-30'] })).toThrow(/holidays/);
	});
});

describe('calendar pause in the engine', () => {
	function engineWith(calendar: BusinessCalendar) {
		const config = configWith(['email-first-response'], { grouping: { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC } });
		(config.rules[0] as ContactRule).calendar = calendar;
		return createAlertEngine(config);
	}

	it('an e-mail arriving Friday 17:00 reaches L1 (4 business hours) on Monday 12:00', () => {
		// Fri 17:00–18:00 = 1 h, Mon 09:00–12:00 = 3 h → 4 h
		const arrived = at('2025-03-07T17:00:00');
		const run = simulate(engineWith(officeHours), { items: () => [chat('m1', arrived, { channel: 'email' })] }, arrived, at('2025-03-10T13:00:00'), 5 * MIN);
		expect(run.transitions.map((t) => [t.type, t.toLevel, new Date(t.atMs).toISOString()])).toEqual([
			['firing', 1, new Date(at('2025-03-10T12:00:00')).toISOString()]
		]);
	});

	it('does not run on a holiday: Monday off moves L1 to Tuesday 12:00', () => {
		const arrived = at('2025-03-07T17:00:00');
		const run = simulate(
			engineWith({ ...officeHours, holidays: ['2025-03-10'] }),
			{ items: () => [chat('m1', arrived, { channel: 'email' })] },
			arrived,
			at('2025-03-11T13:00:00'),
			5 * MIN
		);
		expect(run.transitions.map((t) => t.atMs)).toEqual([at('2025-03-11T12:00:00')]);
	});
});

describe('pause states', () => {
	it('a ticket waiting on the customer does not run its clock', () => {
		// ticket created at T, 30 min later the agent asks the customer (state waiting_customer)
		// and stays paused for 2 h: the 1 h L1 is reached after 30 min running + 2 h paused +
		// 30 min running = T + 3 h, not T + 1 h.
		const t = at('2025-03-03T09:00:00');
		const pausedFrom = t + 30 * MIN;
		const pausedTo = pausedFrom + 2 * HOUR;
		const engine = createAlertEngine(configWith(['ticket-process'], { grouping: { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC } }));
		const ticket = (now: number) =>
			chat('tk1', t, {
				kind: 'ticket',
				channel: 'ticket',
				queue: 'bad-review',
				state: now >= pausedFrom && now < pausedTo ? 'waiting_customer' : 'open',
				stateSinceMs: now >= pausedFrom && now < pausedTo ? pausedFrom : now >= pausedTo ? pausedTo : t,
				pausedIntervals: now >= pausedTo ? [{ fromMs: pausedFrom, toMs: pausedTo }] : []
			});
		const run = simulate(engine, { items: (now) => [ticket(now)] }, t, t + 4 * HOUR, MIN);
		expect(run.transitions.map((tr) => [tr.toLevel, tr.atMs - t])).toEqual([[1, 3 * HOUR]]);
	});
});
