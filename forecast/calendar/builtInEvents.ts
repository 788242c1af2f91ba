import type { CalendarEvent } from './CalendarEvent';
import { FESTIVAL_FIRST_YEAR, FESTIVAL_LAST_YEAR, festivalDate } from './chineseFestivalDates';
import { addDays } from './localDate';
import { publicHolidayPeriod, type PublicHoliday } from './publicHolidayPeriod';

/**
 * Built-in names. Stable across years: the forecaster learns an event's uplift from earlier
 * occurrences with the same name, so renaming one loses its history.
 */
export const BUILTIN_EVENT_NAMES = {
	double11: 'Double 11 (双11)',
	six18: '618 (年中大促)',
	double12: 'Double 12 (双12)',
	newYearGoods: 'New-Year goods festival (年货节)',
	womensDay: '3.8 festival (女王节)',
	newYear: "New Year's Day (元旦)",
	springFestival: 'Spring Festival (春节)',
	qingming: 'Qingming (清明节)',
	labourDay: 'Labour Day (劳动节)',
	dragonBoat: 'Dragon Boat (端午节)',
	midAutumn: 'Mid-Autumn (中秋节)',
	nationalDay: 'National Day week (国庆节)'
} as const;

interface PromotionRule {
	name: string;
	/** core days for `year` */
	core: (year: number) => [string, string];
	rampDays: number;
	tailDays: number;
	note: string;
}

/*
 * Promotion shapes (domain brief, docs/domain.md "Calendar that drives volume"):
 * - Double 11: pre-sales open around 20–24 October, the spike at 00:00 on 11-11, after-sales for
 *   about two weeks as parcels arrive → ramp 20 days (from 10-22), tail 14 days.
 * - 618: pre-sales from about 05-31/06-01, same shape, smaller → ramp 17, tail 10.
 * - Double 12: a short pre-heat and a week of after-sales → ramp 3, tail 7.
 * - 年货节 (New-Year goods festival): runs in January until the couriers stop for Spring Festival;
 *   we take the three weeks ending ten days before Spring Festival (core), ramp 3, tail 3.
 *   Platforms announce the exact dates each year — planners should replace them by a user event.
 * - 3.8 (女王节): pre-heat from about 03-01 → ramp 7, tail 3.
 * The ramp/tail lengths only bound the windows; the size of the effect on each day is learned
 * from history (see forecast/volume/eventEffects.ts).
 */
const PROMOTIONS: readonly PromotionRule[] = [
	{
		name: BUILTIN_EVENT_NAMES.newYearGoods,
		core: (y) => {
			const sf = festivalDate('springFestival', y);
			return [addDays(sf, -30), addDays(sf, -10)];
		},
		rampDays: 3,
		tailDays: 3,
		note: 'approximate window (3 weeks ending 10 days before Spring Festival); replace with the platform dates'
	},
	{
		name: BUILTIN_EVENT_NAMES.womensDay,
		core: (y) => [`${y}-03-08`, `${y}-03-08`],
		rampDays: 7,
		tailDays: 3,
		note: 'fixed date'
	},
	{
		name: BUILTIN_EVENT_NAMES.six18,
		core: (y) => [`${y}-06-18`, `${y}-06-18`],
		rampDays: 17,
		tailDays: 10,
		note: 'fixed date; pre-sales from about 06-01'
	},
	{
		name: BUILTIN_EVENT_NAMES.double11,
		core: (y) => [`${y}-11-11`, `${y}-11-11`],
		rampDays: 20,
		tailDays: 14,
		note: 'fixed date; pre-sales from about 10-22, after-sales tail about 14 days'
	},
	{
		name: BUILTIN_EVENT_NAMES.double12,
		core: (y) => [`${y}-12-12`, `${y}-12-12`],
		rampDays: 3,
		tailDays: 7,
		note: 'fixed date'
	}
];

interface HolidayRule {
	holiday: PublicHoliday;
	name: string;
	rampDays: number;
	tailDays: number;
}

/*
 * Holidays: core = the days off. Spring Festival gets a week of ramp (couriers stop, volume
 * falls) and a week of tail (the after-sales bump when logistics restart); the others a day of
 * ramp and two of tail for the catch-up after the break.
 */
const HOLIDAYS: readonly HolidayRule[] = [
	{ holiday: 'newYear', name: BUILTIN_EVENT_NAMES.newYear, rampDays: 1, tailDays: 2 },
	{ holiday: 'springFestival', name: BUILTIN_EVENT_NAMES.springFestival, rampDays: 7, tailDays: 7 },
	{ holiday: 'qingming', name: BUILTIN_EVENT_NAMES.qingming, rampDays: 1, tailDays: 2 },
	{ holiday: 'labourDay', name: BUILTIN_EVENT_NAMES.labourDay, rampDays: 1, tailDays: 2 },
	{ holiday: 'dragonBoat', name: BUILTIN_EVENT_NAMES.dragonBoat, rampDays: 1, tailDays: 2 },
	{ holiday: 'midAutumn', name: BUILTIN_EVENT_NAMES.midAutumn, rampDays: 1, tailDays: 2 },
	{ holiday: 'nationalDay', name: BUILTIN_EVENT_NAMES.nationalDay, rampDays: 1, tailDays: 3 }
];

/**
 * Built-in Chinese e-commerce promotions and public holidays for `fromYear`…`toYear`
 * (each event is attributed to the year of its festival, so the 年货节 of Spring Festival 2025
 * starts in December 2024), sorted by `dateStart`. Lunar-calendar and solar-term dates come from
 * the verified table in ./chineseFestivalDates; holiday periods from the State Council notices
 * for 2020–2026 and a documented rule afterwards (./publicHolidayPeriod).
 *
 * @throws if the years are not integers with 2020 ≤ fromYear ≤ toYear ≤ 2032.
 * @example builtInEvents(2025, 2025).find((e) => e.name === 'Spring Festival (春节)')?.dateStart // '2025-01-28'
 */
export function builtInEvents(fromYear: number, toYear: number): CalendarEvent[] {
	if (
		!Number.isInteger(fromYear) ||
		!Number.isInteger(toYear) ||
		fromYear < FESTIVAL_FIRST_YEAR ||
		toYear > FESTIVAL_LAST_YEAR ||
		fromYear > toYear
	) {
		throw new Error(
			`builtInEvents: need integers ${FESTIVAL_FIRST_YEAR} ≤ fromYear ≤ toYear ≤ ${FESTIVAL_LAST_YEAR}, got ${fromYear}, ${toYear}`
		);
	}
	const events: CalendarEvent[] = [];
	for (let year = fromYear; year <= toYear; year++) {
		for (const p of PROMOTIONS) {
			const [dateStart, dateEnd] = p.core(year);
			events.push({
				name: p.name,
				kind: 'promotion',
				dateStart,
				dateEnd,
				rampDays: p.rampDays,
				tailDays: p.tailDays,
				source: 'builtin',
				note: p.note
			});
		}
		for (const h of HOLIDAYS) {
			const period = publicHolidayPeriod(h.holiday, year);
			if (!period) continue; // Mid-Autumn merged into the National Day week
			events.push({
				name: h.name,
				kind: 'holiday',
				dateStart: period.dateStart,
				dateEnd: period.dateEnd,
				rampDays: h.rampDays,
				tailDays: h.tailDays,
				source: 'builtin',
				note: period.basis === 'official' ? 'official State Council period' : 'estimated period (rule)'
			});
		}
	}
	events.sort((a, b) => (a.dateStart < b.dateStart ? -1 : a.dateStart > b.dateStart ? 1 : 0));
	return events;
}
