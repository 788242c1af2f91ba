/**
 * Day types from the calendar (issue 22), on a synthetic calendar whose generator is the oracle:
 * every expected number below is a parameter of `expectedTotal` (the truth), not a model output.
 *
 * The centre is open every day 08:00–20:00 (hourly rows). A normal week: Monday–Thursday 2000
 * contacts, Friday (the short pre-rest day) 0.55 of that, Saturday 0.35, Sunday 0.30. The history
 * holds three two-day closures (Tuesday–Wednesday) whose eves fall on full Mondays, two 调休
 * Saturdays and three "Member day" promotions; the horizon holds a fourth promotion after a normal
 * week, a two-day closure on Saturday–Sunday whose eve is a *short Friday*, and a 调休 Saturday.
 * Generator rules (what "the truth" means):
 * - an eve (the day before a closure) takes 0.45 of a Monday–Thursday level, whatever weekday it
 *   replaces — on a Friday that is 0.45·L, not 0.45·0.55·L;
 * - a closure still receives 0.04·L on its first day and 0.12·L on its second (residual volume);
 * - a 调休 Saturday is a working day: L;
 * - Member day multiplies its weekday's level: ramp day 2 before ×1.2, day before ×1.5, the day ×3,
 *   day after ×1.8, two days after ×1.3.
 * Day totals carry ±3 % multiplicative noise (seeded), slots split them by a fixed profile.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../../forecast/calendar';
import { addDays, dateOfDay, dayNumber, weekdayOfDay } from '../../../forecast/calendar/localDate';
import { forecastVolume, formatTimestamp, type VolumePoint } from '../../../forecast/volume';
import { mulberry32 } from '../../helpers/random';

const L = 2000;
const WEEKDAY = [1, 1, 1, 1, 0.55, 0.35, 0.3];
const EVE = 0.45;
const RESIDUAL = [0.04, 0.12];
const PROMO: Record<string, number> = { 'ramp2': 1.2, 'ramp1': 1.5, 'core0': 3, 'tail1': 1.8, 'tail2': 1.3 };
const SHARES = [4, 7, 9, 10, 9, 8, 9, 10, 11, 9, 8, 6].map((x) => x / 100);

const closure = (name: string, start: string): CalendarEvent => ({ name, kind: 'closure', dateStart: start, dateEnd: addDays(start, 1), rampDays: 1, tailDays: 0, source: 'user' });
const workday = (name: string, date: string): CalendarEvent => ({ name, kind: 'workday', dateStart: date, dateEnd: date, rampDays: 0, tailDays: 0, source: 'user' });
const memberDay = (date: string): CalendarEvent => ({ name: 'Member day', kind: 'promotion', dateStart: date, dateEnd: date, rampDays: 2, tailDays: 2, source: 'user' });

// History Mon 2024-09-02 … Sun 2025-03-16 (28 weeks); horizon from Mon 2025-03-17.
const HISTORY_FROM = '2024-09-02';
const HISTORY_TO = '2025-03-16';
const events: CalendarEvent[] = [
	closure('Autumn closure', '2024-10-08'), // eve Mon 10-07
	closure('Winter closure', '2024-12-10'), // eve Mon 12-09
	closure('Spring closure', '2025-02-11'), // eve Mon 02-10
	workday('调休 Oct', '2024-10-12'), // Saturday
	workday('调休 Feb', '2025-02-15'), // Saturday
	memberDay('2024-09-26'), // Thursdays
	memberDay('2024-11-14'),
	memberDay('2025-01-23'),
	// the horizon
	memberDay('2025-03-27'), // after the normal week of 03-17
	closure('Easter closure', '2025-04-05'), // Sat–Sun; its eve is Friday 04-04, the short pre-rest day
	workday('调休 Apr', '2025-04-12') // Saturday
];

/** The generator's expected day total (the truth). */
function expectedTotal(day: number): number {
	const date = dateOfDay(day);
	let level = L * WEEKDAY[weekdayOfDay(day)];
	for (const e of events) {
		const s = dayNumber(e.dateStart);
		const t = dayNumber(e.dateEnd);
		if (e.kind === 'closure') {
			if (day >= s && day <= t) return L * RESIDUAL[day - s];
			if (day === s - 1) return L * EVE;
		} else if (e.kind === 'workday') {
			if (date === e.dateStart) return L;
		} else {
			const key = day < s ? `ramp${s - day}` : day > t ? `tail${day - t}` : `core${day - s}`;
			if (PROMO[key] !== undefined && day >= s - 2 && day <= t + 2) level *= PROMO[key];
		}
	}
	return level;
}

function history(): VolumePoint[] {
	const rnd = mulberry32(22);
	const out: VolumePoint[] = [];
	for (let day = dayNumber(HISTORY_FROM); day <= dayNumber(HISTORY_TO); day++) {
		const total = expectedTotal(day) * (0.97 + 0.06 * rnd());
		SHARES.forEach((sh, i) => out.push({ timestamp: formatTimestamp(day, (8 + i) * 60), count: Math.round(total * sh) }));
	}
	return out;
}

describe('day types learned from a synthetic calendar (truth = the generator parameters above)', () => {
	const fc = forecastVolume(history(), { horizonDays: 27, events, model: 'topdown' });
	const day = (date: string) => fc.daily.find((d) => d.date === date)!;
	const within15 = (date: string) => {
		const truth = expectedTotal(dayNumber(date));
		expect(Math.abs(day(date).forecast / truth - 1), `${date}: forecast ${day(date).forecast.toFixed(0)} vs truth ${truth.toFixed(0)}`).toBeLessThan(0.15);
	};

	it('an eve on the short pre-rest day is the eve level, not cut a second time (truth 0.45·2000 = 900, not 0.45·1100 = 495)', () => {
		within15('2025-04-04');
		expect(day('2025-04-04').dayType).toBe('eve');
	});

	it('a two-day closure forecasts the residual volume learned from the earlier closures (truth 80 and 240), not 0', () => {
		within15('2025-04-05');
		within15('2025-04-06');
		expect(day('2025-04-05')).toMatchObject({ dayType: 'closure', upliftBasis: 'same kind' });
	});

	it('a 调休 Saturday is a working day (truth 2000, not a Saturday\'s 700)', () => {
		within15('2025-04-12');
		expect(day('2025-04-12').dayType).toBe('workday');
	});

	it('a promotion after a normal week: ramp, peak and tail each within 15 % (peak truth 3 × 2000 = 6000)', () => {
		for (const date of ['2025-03-25', '2025-03-26', '2025-03-27', '2025-03-28', '2025-03-29']) within15(date);
		expect(day('2025-03-27')).toMatchObject({ dayType: 'peak', upliftBasis: 'same event' });
		// the event report names the occurrences the effect came from (the three in `events` above)
		expect(fc.events.find((e) => e.name === 'Member day' && e.dateStart === '2025-03-27')!.learnedFrom.map((o) => o.dateStart)).toEqual(['2024-09-26', '2024-11-14', '2025-01-23']);
		// and the normal week before it stays normal (Mon–Thu 2000, Fri 1100, Sat 700, Sun 600)
		for (const date of ['2025-03-17', '2025-03-18', '2025-03-21', '2025-03-22', '2025-03-23']) within15(date);
	});
});

describe('the eve of a Monday closure in a centre closed at weekends is the Friday before', () => {
	// Same generator rules, weekdays only (Saturday and Sunday have no rows): the eve takes 0.45·L
	// on the last open day before the closure, here always a Friday (short day 0.55·L).
	const weekdaysOnly = (points: VolumePoint[]) => points.filter((p) => weekdayOfDay(dayNumber(p.timestamp.slice(0, 10))) < 5);
	const mondayClosure = (name: string, date: string): CalendarEvent => ({ name, kind: 'closure', dateStart: date, dateEnd: date, rampDays: 1, tailDays: 0, source: 'user' });
	const cal = [mondayClosure('Oct closure', '2024-10-14'), mondayClosure('Dec closure', '2024-12-16'), mondayClosure('Feb closure', '2025-02-17'), mondayClosure('Apr closure', '2025-04-07')];
	/** truth: Friday before a closure 0.45·L, the closure 0.04·L, otherwise the weekday level */
	const truth = (day: number) => {
		for (const e of cal) {
			const s = dayNumber(e.dateStart);
			if (day === s) return L * RESIDUAL[0];
			if (day === s - 3) return L * EVE;
		}
		return L * WEEKDAY[weekdayOfDay(day)];
	};
	const rnd = mulberry32(7);
	const pts: VolumePoint[] = [];
	for (let d = dayNumber(HISTORY_FROM); d <= dayNumber(HISTORY_TO); d++) {
		const total = truth(d) * (0.97 + 0.06 * rnd());
		SHARES.forEach((sh, i) => pts.push({ timestamp: formatTimestamp(d, (8 + i) * 60), count: Math.round(total * sh) }));
	}
	const fc = forecastVolume(weekdaysOnly(pts), { horizonDays: 27, events: cal, model: 'topdown' });

	it('forecasts Friday 2025-04-04 as an eve (truth 900, not the Friday 1100), learned from the three earlier Friday eves', () => {
		const fri = fc.daily.find((d) => d.date === '2025-04-04')!;
		expect(fri).toMatchObject({ dayType: 'eve', upliftBasis: 'same kind' });
		expect(Math.abs(fri.forecast / truth(dayNumber('2025-04-04')) - 1)).toBeLessThan(0.15);
	});
});
