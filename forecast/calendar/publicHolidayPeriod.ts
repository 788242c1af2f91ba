import { festivalDate, type MovingFestival } from './chineseFestivalDates';
import { addDays, dayNumber, weekdayOf } from './localDate';

/** Mainland-China public holidays that change contact volume and staff availability. */
export type PublicHoliday =
	| 'newYear'
	| 'springFestival'
	| 'qingming'
	| 'labourDay'
	| 'dragonBoat'
	| 'midAutumn'
	| 'nationalDay';

export interface HolidayPeriod {
	/** first day off, YYYY-MM-DD */
	dateStart: string;
	/** last day off, YYYY-MM-DD (inclusive) */
	dateEnd: string;
	/** 'official' = State Council notice; 'estimated' = rule below, until the notice is published */
	basis: 'official' | 'estimated';
}

/**
 * Consecutive days off per the State Council's annual notices (国务院办公厅关于…部分节假日安排的通知),
 * including the weekend days that the notice joins to the holiday ("与周末连休").
 * Source: the notices as machine-read by NateScarlet/holiday-cn (holiday-cn.ics, 2020–2025) and
 * awfe/ChinaWorkingDay (2026.json, working-day list). Mid-Autumn is `null` in the years it is
 * merged into the National Day week (2020, 2023, 2025).
 */
const OFFICIAL: Record<number, Record<PublicHoliday, readonly [string, string] | null>> = {
	2020: {
		newYear: ['2020-01-01', '2020-01-01'],
		// Extended from 01-30 to 02-02 by the State Council notice of 2020-01-27 (COVID-19).
		springFestival: ['2020-01-24', '2020-02-02'],
		qingming: ['2020-04-04', '2020-04-06'],
		labourDay: ['2020-05-01', '2020-05-05'],
		dragonBoat: ['2020-06-25', '2020-06-27'],
		midAutumn: null,
		nationalDay: ['2020-10-01', '2020-10-08']
	},
	2021: {
		newYear: ['2021-01-01', '2021-01-03'],
		springFestival: ['2021-02-11', '2021-02-17'],
		qingming: ['2021-04-03', '2021-04-05'],
		labourDay: ['2021-05-01', '2021-05-05'],
		dragonBoat: ['2021-06-12', '2021-06-14'],
		midAutumn: ['2021-09-19', '2021-09-21'],
		nationalDay: ['2021-10-01', '2021-10-07']
	},
	2022: {
		newYear: ['2022-01-01', '2022-01-03'],
		springFestival: ['2022-01-31', '2022-02-06'],
		qingming: ['2022-04-03', '2022-04-05'],
		labourDay: ['2022-04-30', '2022-05-04'],
		dragonBoat: ['2022-06-03', '2022-06-05'],
		midAutumn: ['2022-09-10', '2022-09-12'],
		nationalDay: ['2022-10-01', '2022-10-07']
	},
	2023: {
		newYear: ['2022-12-31', '2023-01-02'],
		springFestival: ['2023-01-21', '2023-01-27'],
		qingming: ['2023-04-05', '2023-04-05'],
		labourDay: ['2023-04-29', '2023-05-03'],
		dragonBoat: ['2023-06-22', '2023-06-24'],
		midAutumn: null,
		nationalDay: ['2023-09-29', '2023-10-06']
	},
	2024: {
		newYear: ['2023-12-30', '2024-01-01'],
		springFestival: ['2024-02-10', '2024-02-17'],
		qingming: ['2024-04-04', '2024-04-06'],
		labourDay: ['2024-05-01', '2024-05-05'],
		dragonBoat: ['2024-06-08', '2024-06-10'],
		midAutumn: ['2024-09-15', '2024-09-17'],
		nationalDay: ['2024-10-01', '2024-10-07']
	},
	2025: {
		newYear: ['2025-01-01', '2025-01-01'],
		springFestival: ['2025-01-28', '2025-02-04'],
		qingming: ['2025-04-04', '2025-04-06'],
		labourDay: ['2025-05-01', '2025-05-05'],
		dragonBoat: ['2025-05-31', '2025-06-02'],
		midAutumn: null,
		nationalDay: ['2025-10-01', '2025-10-08']
	},
	2026: {
		newYear: ['2026-01-01', '2026-01-03'],
		springFestival: ['2026-02-15', '2026-02-23'],
		qingming: ['2026-04-04', '2026-04-06'],
		labourDay: ['2026-05-01', '2026-05-05'],
		dragonBoat: ['2026-06-19', '2026-06-21'],
		midAutumn: ['2026-09-25', '2026-09-27'],
		nationalDay: ['2026-10-01', '2026-10-07']
	}
};

export const OFFICIAL_LAST_YEAR = 2026;

/**
 * The usual block of days off around a one-day festival, by the festival's weekday. Every
 * one-day holiday (New Year, Qingming, Dragon Boat, separate Mid-Autumn) in the notices of
 * 2020–2026 follows it (checked in tests): Mon → Sat–Mon, Tue → Sun–Tue, Wed → that day only,
 * Thu → Thu–Sat, Fri → Fri–Sun, Sat/Sun → Sat–Mon.
 *
 * @throws if `date` is not YYYY-MM-DD.
 * @example threeDayBlock('2027-04-05') // ['2027-04-03', '2027-04-05'] (a Monday)
 */
export function threeDayBlock(date: string): [string, string] {
	const wd = weekdayOf(date); // 0 = Monday
	switch (wd) {
		case 0:
			return [addDays(date, -2), date];
		case 1:
			return [addDays(date, -2), date];
		case 2:
			return [date, date];
		case 3:
			return [date, addDays(date, 2)];
		case 4:
			return [date, addDays(date, 2)];
		case 5:
			return [date, addDays(date, 2)];
		default:
			return [addDays(date, -1), addDays(date, 1)];
	}
}

/** Whether Mid-Autumn is joined to the National Day week (it is when it falls within 09-29…10-08). */
function midAutumnMerged(year: number): boolean {
	const ma = dayNumber(festivalDate('midAutumn', year));
	return ma >= dayNumber(`${year}-09-29`) && ma <= dayNumber(`${year}-10-08`);
}

/**
 * Days off for a public holiday in `year`: the official period for 2020–2026, otherwise an
 * estimate by rule (marked `basis: 'estimated'`):
 * New Year / Qingming / Dragon Boat / Mid-Autumn → {@link threeDayBlock} of the festival day;
 * Spring Festival → eve … eve + 7 (8 days, the length since the 2025 holiday reform);
 * Labour Day → 05-01…05-05; National Day → 10-01…10-07, or an 8-day block starting at
 * min(Mid-Autumn, 10-01) when Mid-Autumn falls within 09-29…10-08.
 * Returns `null` for Mid-Autumn in years where it is merged into the National Day week.
 *
 * @throws if `year` is outside 2020…2032.
 * @example publicHolidayPeriod('springFestival', 2025) // { dateStart: '2025-01-28', dateEnd: '2025-02-04', basis: 'official' }
 */
export function publicHolidayPeriod(holiday: PublicHoliday, year: number): HolidayPeriod | null {
	const official = OFFICIAL[year];
	if (official) {
		const p = official[holiday];
		if (p === undefined) throw new Error(`publicHolidayPeriod: unknown holiday ${JSON.stringify(holiday)}`);
		return p === null ? null : { dateStart: p[0], dateEnd: p[1], basis: 'official' };
	}
	const estimated = (range: [string, string]): HolidayPeriod => ({
		dateStart: range[0],
		dateEnd: range[1],
		basis: 'estimated'
	});
	const fest = (f: MovingFestival) => festivalDate(f, year); // throws outside 2020…2032
	switch (holiday) {
		case 'newYear':
			fest('springFestival'); // range check only
			return estimated(threeDayBlock(`${year}-01-01`));
		case 'springFestival': {
			const eve = addDays(fest('springFestival'), -1);
			return estimated([eve, addDays(eve, 7)]);
		}
		case 'qingming':
			return estimated(threeDayBlock(fest('qingming')));
		case 'labourDay':
			fest('springFestival');
			return estimated([`${year}-05-01`, `${year}-05-05`]);
		case 'dragonBoat':
			return estimated(threeDayBlock(fest('dragonBoat')));
		case 'midAutumn':
			return midAutumnMerged(year) ? null : estimated(threeDayBlock(fest('midAutumn')));
		case 'nationalDay': {
			if (midAutumnMerged(year)) {
				const ma = fest('midAutumn');
				const start = dayNumber(ma) < dayNumber(`${year}-10-01`) ? ma : `${year}-10-01`;
				return estimated([start, addDays(start, 7)]);
			}
			return estimated([`${year}-10-01`, `${year}-10-07`]);
		}
		default:
			throw new Error(`publicHolidayPeriod: unknown holiday ${JSON.stringify(holiday)}`);
	}
}
