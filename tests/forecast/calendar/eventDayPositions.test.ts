import { describe, expect, it } from 'vitest';
import { eventDayPositions, validateCalendarEvent, type CalendarEvent } from '../../../forecast/calendar';
import { addDays, dateOfDay, dayNumber, weekdayOf } from '../../../forecast/calendar/localDate';

const ev = (over: Partial<CalendarEvent>): CalendarEvent => ({
	name: 'x',
	kind: 'promotion',
	dateStart: '2025-11-11',
	dateEnd: '2025-11-11',
	rampDays: 2,
	tailDays: 3,
	source: 'user',
	...over
});

describe('localDate', () => {
	it('counts days and weekdays on the proleptic Gregorian calendar', () => {
		// Oracle: 1970-01-01 is day 0 (Unix epoch); 2024 is a leap year; 2025-01-29 was a Wednesday.
		expect(dayNumber('1970-01-01')).toBe(0);
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
		expect(weekdayOf('2025-01-29')).toBe(2);
		expect(dateOfDay(dayNumber('2032-12-31'))).toBe('2032-12-31');
		expect(() => dayNumber('2025-02-30')).toThrow(/not a calendar date/);
		expect(() => dayNumber('2025/02/03')).toThrow(/YYYY-MM-DD/);
	});
});

describe('eventDayPositions', () => {
	it('marks ramp, core and tail days with their offsets', () => {
		const from = dayNumber('2025-11-01');
		const map = eventDayPositions([ev({})], from, from + 30);
		const at = (d: string) => map.get(dayNumber(d))?.[0];
		expect(at('2025-11-08')).toBeUndefined();
		expect(at('2025-11-09')).toMatchObject({ phase: 'ramp', offset: 2 });
		expect(at('2025-11-10')).toMatchObject({ phase: 'ramp', offset: 1 });
		expect(at('2025-11-11')).toMatchObject({ phase: 'core', offset: 0, coreDays: 1 });
		expect(at('2025-11-14')).toMatchObject({ phase: 'tail', offset: 3 });
		expect(at('2025-11-15')).toBeUndefined();
	});

	it('puts a core day ahead of another event’s tail on the same day', () => {
		const from = dayNumber('2025-11-01');
		const a = ev({ name: 'a' });
		const b = ev({ name: 'b', dateStart: '2025-11-12', dateEnd: '2025-11-13', rampDays: 0, tailDays: 0 });
		const list = eventDayPositions([a, b], from, from + 30).get(dayNumber('2025-11-12'))!;
		expect(list.map((p) => [p.name, p.phase])).toEqual([
			['b', 'core'],
			['a', 'tail']
		]);
	});


	it('lets a closure’s core win over a holiday’s core on the same day', () => {
		const from = dayNumber('2025-01-20');
		const holiday = ev({ name: 'Spring Festival', kind: 'holiday', dateStart: '2025-01-28', dateEnd: '2025-02-04' });
		const shut = ev({ name: 'centre closed', kind: 'closure', dateStart: '2025-01-29', dateEnd: '2025-01-31', rampDays: 0, tailDays: 2 });
		const map = eventDayPositions([holiday, shut], from, from + 30);
		expect(map.get(dayNumber('2025-01-30'))![0].name).toBe('centre closed');
		expect(map.get(dayNumber('2025-02-01'))![0]).toMatchObject({ name: 'Spring Festival', phase: 'core' });
	});
});

describe('validateCalendarEvent', () => {
	it('names the place and the broken field', () => {
		expect(() => validateCalendarEvent(ev({ kind: 'sale' as CalendarEvent['kind'] }), 'line 3')).toThrow(/line 3: kind must be one of/);
		expect(() => validateCalendarEvent(ev({ dateEnd: '2025-11-10' }), 'line 4')).toThrow(/line 4: date_end 2025-11-10 is before/);
		expect(() => validateCalendarEvent(ev({ rampDays: -1 }), 'line 5')).toThrow(/rampDays must be an integer/);
		expect(() => validateCalendarEvent(ev({ name: ' ' }), 'line 6')).toThrow(/name must be/);
		expect(validateCalendarEvent(ev({}), 'ok').name).toBe('x');
		expect(addDays(ev({}).dateStart, 0)).toBe('2025-11-11');
	});
});
