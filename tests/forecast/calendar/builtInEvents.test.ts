import { describe, expect, it } from 'vitest';
import {
	BUILTIN_EVENT_NAMES,
	builtInEvents,
	festivalDate,
	publicHolidayPeriod,
	threeDayBlock,
	type MovingFestival,
	type PublicHoliday
} from '../../../forecast/calendar';
import { addDays, dayNumber, weekdayOf } from '../../../forecast/calendar/localDate';

const YEARS = Array.from({ length: 13 }, (_, i) => 2020 + i);

describe('festivalDate — known dates', () => {
	// Oracle: Hong Kong Observatory Gregorian–Lunar conversion tables (as published; also the
	// State Council holiday notices for 2024–2026, which name these days).
	it.each([
		['springFestival', 2024, '2024-02-10'],
		['springFestival', 2025, '2025-01-29'],
		['springFestival', 2026, '2026-02-17'],
		['midAutumn', 2025, '2025-10-06'],
		['dragonBoat', 2025, '2025-05-31'],
		['qingming', 2025, '2025-04-04'],
		['springFestival', 2027, '2027-02-06'],
		['springFestival', 2030, '2030-02-03']
	] as Array<[MovingFestival, number, string]>)('%s %i is %s', (f, y, date) => {
		expect(festivalDate(f, y)).toBe(date);
	});

	it('rejects years outside the verified table', () => {
		expect(() => festivalDate('springFestival', 2019)).toThrow(/2020…2032/);
		expect(() => festivalDate('springFestival', 2033)).toThrow(/2020…2032/);
	});
});

describe('festivalDate — against an independent computation of the Chinese calendar (ICU)', () => {
	// Oracle: ICU's astronomical Chinese calendar via Intl (independent of our table). ICU puts
	// the new moons of 2027-02-06 and 2030-02-03 on the other side of midnight Beijing time
	// (minutes away), so for those two years the official date (HKO / Purple Mountain) differs
	// from ICU by one day; we assert that known discrepancy instead of skipping it.
	const fmt = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' });
	const lunar = (date: string) => {
		const parts = fmt.formatToParts(new Date(`${date}T12:00:00+08:00`));
		return `${parts.find((p) => p.type === 'month')!.value}/${parts.find((p) => p.type === 'day')!.value}`;
	};
	const cases: Array<[MovingFestival, string]> = [
		['springFestival', '1/1'],
		['dragonBoat', '5/5'],
		['midAutumn', '8/15']
	];
	for (const [f, want] of cases) {
		it.each(YEARS)(`${f} %i falls on lunar ${want}`, (y) => {
			const date = festivalDate(f, y);
			if (f === 'springFestival' && (y === 2027 || y === 2030)) {
				// ICU one day late (2027: it calls 02-06 the 30th of the 12th month) or early (2030).
				expect(lunar(y === 2027 ? addDays(date, 1) : addDays(date, -1))).toBe('1/1');
			} else {
				expect(lunar(date)).toBe(want);
			}
		});
	}
});

describe('festivalDate — Qingming against a solar-longitude computation', () => {
	// Oracle: Meeus, Astronomical Algorithms 2nd ed., ch. 25 (low accuracy, ±0.01° ≈ 15 min):
	// the instant the apparent solar longitude reaches 15°, converted to Beijing time.
	const apparentLongitude = (jd: number) => {
		const T = (jd - 2451545) / 36525;
		const r = Math.PI / 180;
		const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
		const M = 357.52911 + 35999.05029 * T - 0.0001537 * T * T;
		const C =
			(1.914602 - 0.004817 * T - 0.000014 * T * T) * Math.sin(M * r) +
			(0.019993 - 0.000101 * T) * Math.sin(2 * M * r) +
			0.000289 * Math.sin(3 * M * r);
		const omega = 125.04 - 1934.136 * T;
		const lambda = L0 + C - 0.00569 - 0.00478 * Math.sin(omega * r);
		return ((lambda % 360) + 360) % 360;
	};
	it.each(YEARS)('Qingming %i', (y) => {
		let lo = Date.UTC(y, 3, 1) / 86400000 + 2440587.5;
		let hi = lo + 8;
		for (let i = 0; i < 60; i++) {
			const mid = (lo + hi) / 2;
			const l = apparentLongitude(mid);
			if (l < 15 || l > 300) lo = mid;
			else hi = mid;
		}
		const deltaTSec = 69; // TT − UT, about 69 s in the 2020s
		const beijingMs = (lo - 2440587.5) * 86400000 - deltaTSec * 1000 + 8 * 3600000;
		const date = new Date(beijingMs).toISOString().slice(0, 10);
		const minutesFromMidnight = (beijingMs % 86400000) / 60000;
		// The instant must be far from midnight for the low-accuracy method to decide the date.
		expect(Math.min(minutesFromMidnight, 1440 - minutesFromMidnight)).toBeGreaterThan(60);
		expect(festivalDate('qingming', y)).toBe(date);
	});
});

describe('publicHolidayPeriod', () => {
	// Oracle: State Council notices 国办发明电〔2024〕12号 (2025) and 〔2025〕7号 (2026).
	it.each([
		['springFestival', 2025, '2025-01-28', '2025-02-04'],
		['nationalDay', 2025, '2025-10-01', '2025-10-08'],
		['dragonBoat', 2025, '2025-05-31', '2025-06-02'],
		['springFestival', 2026, '2026-02-15', '2026-02-23'],
		['midAutumn', 2026, '2026-09-25', '2026-09-27'],
		['springFestival', 2024, '2024-02-10', '2024-02-17']
	] as Array<[PublicHoliday, number, string, string]>)('%s %i is %s…%s (official)', (h, y, a, b) => {
		expect(publicHolidayPeriod(h, y)).toEqual({ dateStart: a, dateEnd: b, basis: 'official' });
	});

	it('merges Mid-Autumn into the National Day week when the notices do (2023, 2025)', () => {
		expect(publicHolidayPeriod('midAutumn', 2023)).toBeNull();
		expect(publicHolidayPeriod('nationalDay', 2023)).toMatchObject({ dateStart: '2023-09-29', dateEnd: '2023-10-06' });
		expect(publicHolidayPeriod('midAutumn', 2025)).toBeNull();
	});

	it('the three-day-block rule reproduces every official one-day holiday block of 2020–2026', () => {
		// Oracle: the official periods (State Council notices) for the holidays whose festival is
		// a single day; the rule is what we use for 2027+ until the notice is published.
		const festivals: Array<[PublicHoliday, (y: number) => string]> = [
			['qingming', (y) => festivalDate('qingming', y)],
			['dragonBoat', (y) => festivalDate('dragonBoat', y)],
			['midAutumn', (y) => festivalDate('midAutumn', y)],
			['newYear', (y) => `${y}-01-01`]
		];
		let checked = 0;
		for (let y = 2020; y <= 2026; y++) {
			for (const [h, day] of festivals) {
				const p = publicHolidayPeriod(h, y);
				if (!p) continue;
				expect([h, y, ...threeDayBlock(day(y))]).toEqual([h, y, p.dateStart, p.dateEnd]);
				checked++;
			}
		}
		expect(checked).toBe(25); // 7 years × 4 holidays − 3 merged Mid-Autumns
	});

	it('estimates later years by rule and says so', () => {
		// 2027-04-05 (Qingming) is a Monday → Saturday to Monday.
		expect(weekdayOf('2027-04-05')).toBe(0);
		expect(publicHolidayPeriod('qingming', 2027)).toEqual({ dateStart: '2027-04-03', dateEnd: '2027-04-05', basis: 'estimated' });
		// Spring Festival 2027-02-06 → eve 02-05 … +7 days.
		expect(publicHolidayPeriod('springFestival', 2027)).toMatchObject({ dateStart: '2027-02-05', dateEnd: '2027-02-12' });
		// Mid-Autumn 2028-10-03 is merged into an 8-day National Day week.
		expect(publicHolidayPeriod('midAutumn', 2028)).toBeNull();
		expect(publicHolidayPeriod('nationalDay', 2028)).toMatchObject({ dateStart: '2028-10-01', dateEnd: '2028-10-08' });
	});
});

describe('builtInEvents', () => {
	const all = builtInEvents(2020, 2032);

	it('has every promotion and holiday each year, sorted, built-in', () => {
		for (const name of Object.values(BUILTIN_EVENT_NAMES)) {
			const years = new Set(all.filter((e) => e.name === name).map((e) => e.dateEnd.slice(0, 4)));
			// Mid-Autumn is merged in 2020, 2023, 2025, 2028, 2031 (falls within 09-29…10-08).
			const expected = name === BUILTIN_EVENT_NAMES.midAutumn ? 8 : 13;
			expect([name, years.size]).toEqual([name, expected]);
		}
		for (let i = 1; i < all.length; i++) expect(all[i - 1].dateStart <= all[i].dateStart).toBe(true);
		expect(all.every((e) => e.source === 'builtin' && dayNumber(e.dateEnd) >= dayNumber(e.dateStart))).toBe(true);
	});

	it('Double 11: core on 11-11, pre-sales from 10-22 (20-day ramp), 14-day after-sales tail', () => {
		// Oracle: domain brief — pre-sales from about 20–24 October, tail of about two weeks.
		const d11 = all.filter((e) => e.name === BUILTIN_EVENT_NAMES.double11);
		expect(d11).toHaveLength(13);
		for (const e of d11) {
			expect(e.kind).toBe('promotion');
			expect(e.dateStart.slice(5)).toBe('11-11');
			expect(addDays(e.dateStart, -e.rampDays).slice(5)).toBe('10-22');
			expect(e.tailDays).toBe(14);
		}
	});

	it('uses the official Spring Festival period and a January goods festival before it', () => {
		const y2025 = builtInEvents(2025, 2025);
		const sf = y2025.find((e) => e.name === BUILTIN_EVENT_NAMES.springFestival)!;
		expect([sf.dateStart, sf.dateEnd, sf.kind]).toEqual(['2025-01-28', '2025-02-04', 'holiday']);
		const goods = y2025.find((e) => e.name === BUILTIN_EVENT_NAMES.newYearGoods)!;
		expect(dayNumber(goods.dateEnd)).toBeLessThan(dayNumber('2025-01-29'));
		const women = y2025.find((e) => e.name === BUILTIN_EVENT_NAMES.womensDay)!;
		expect(women.dateStart).toBe('2025-03-08');
		const six18 = y2025.find((e) => e.name === BUILTIN_EVENT_NAMES.six18)!;
		expect(six18.dateStart).toBe('2025-06-18');
	});

	it('rejects years outside 2020…2032 and reversed ranges', () => {
		expect(() => builtInEvents(2019, 2020)).toThrow(/builtInEvents/);
		expect(() => builtInEvents(2030, 2033)).toThrow(/builtInEvents/);
		expect(() => builtInEvents(2026, 2025)).toThrow(/builtInEvents/);
	});
});
