/**
 * Gregorian dates of the Chinese festivals whose date moves every year, 2020–2032.
 *
 * Sources (independent of this code):
 * - Spring Festival (lunar 1/1), Dragon Boat (5/5), Mid-Autumn (8/15): Hong Kong Observatory,
 *   "Gregorian-Lunar Calendar Conversion Table" (https://www.hko.gov.hk/en/gts/time/conversion.htm),
 *   as tabulated in the `holidays` Python package (vacanza/holidays, holidays/calendars/chinese.py,
 *   LUNAR_NEW_YEAR_DATES / DRAGON_BOAT_DATES / MID_AUTUMN_DATES). The HKO almanac agrees with the
 *   Purple Mountain Observatory (the mainland's official almanac) for these years; note that some
 *   folk calendars and ICU's `chinese` calendar put Spring Festival 2027 on 02-07 and 2030 on
 *   02-02, because the new moon falls within minutes of midnight Beijing time — the official dates
 *   are 2027-02-06 and 2030-02-03.
 * - Qingming (solar term, sun at apparent longitude 15°): the Beijing-time date of the solar term;
 *   checked in tests against an independent computation (Meeus, "Astronomical Algorithms",
 *   2nd ed., ch. 25, low-accuracy solar longitude) — every instant falls more than 1.5 h from
 *   midnight, far outside that method's error of about 15 minutes.
 */

export type MovingFestival = 'springFestival' | 'qingming' | 'dragonBoat' | 'midAutumn';

export const FESTIVAL_FIRST_YEAR = 2020;
export const FESTIVAL_LAST_YEAR = 2032;

// Index 0 = 2020. Keep one line per festival so a reviewer can compare against the source table.
const TABLE: Record<MovingFestival, readonly string[]> = {
	springFestival: [
		'2020-01-25', '2021-02-12', '2022-02-01', '2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17',
		'2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03', '2031-01-23', '2032-02-11'
	],
	qingming: [
		'2020-04-04', '2021-04-04', '2022-04-05', '2023-04-05', '2024-04-04', '2025-04-04', '2026-04-05',
		'2027-04-05', '2028-04-04', '2029-04-04', '2030-04-05', '2031-04-05', '2032-04-04'
	],
	dragonBoat: [
		'2020-06-25', '2021-06-14', '2022-06-03', '2023-06-22', '2024-06-10', '2025-05-31', '2026-06-19',
		'2027-06-09', '2028-05-28', '2029-06-16', '2030-06-05', '2031-06-24', '2032-06-12'
	],
	midAutumn: [
		'2020-10-01', '2021-09-21', '2022-09-10', '2023-09-29', '2024-09-17', '2025-10-06', '2026-09-25',
		'2027-09-15', '2028-10-03', '2029-09-22', '2030-09-12', '2031-10-01', '2032-09-19'
	]
};

/**
 * Gregorian date (YYYY-MM-DD, Beijing) of a moving festival in `year`.
 *
 * @throws if `year` is outside 2020…2032 (the verified table) or the festival is unknown.
 * @example festivalDate('springFestival', 2026) // '2026-02-17'
 */
export function festivalDate(festival: MovingFestival, year: number): string {
	const row = TABLE[festival];
	if (!row) throw new Error(`festivalDate: unknown festival ${JSON.stringify(festival)}`);
	if (!Number.isInteger(year) || year < FESTIVAL_FIRST_YEAR || year > FESTIVAL_LAST_YEAR) {
		throw new Error(
			`festivalDate: year must be an integer in ${FESTIVAL_FIRST_YEAR}…${FESTIVAL_LAST_YEAR} (verified table), got ${year}`
		);
	}
	return row[year - FESTIVAL_FIRST_YEAR];
}
