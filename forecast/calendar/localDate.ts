/**
 * Calendar-date arithmetic on local `YYYY-MM-DD` strings.
 *
 * Dates are wall-clock calendar days in the centre's zone; they carry no zone themselves. We map
 * each date to a "day number" (days since 1970-01-01 of the proleptic Gregorian calendar, computed
 * with `Date.UTC`, so no zone or DST can shift it) and do all arithmetic on integers.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Day number of a `YYYY-MM-DD` date: days since 1970-01-01 (which is day 0).
 *
 * @throws if `date` is not a real calendar date in `YYYY-MM-DD` form.
 * @example dayNumber('1970-01-02') // 1
 */
export function dayNumber(date: string): number {
	const m = DATE_RE.exec(date);
	if (!m) throw new Error(`dayNumber: date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	const ms = Date.UTC(y, mo - 1, d);
	const back = new Date(ms);
	// Date.UTC silently rolls 2025-02-30 over to March; reject instead.
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
		throw new Error(`dayNumber: ${date} is not a calendar date`);
	}
	return Math.round(ms / MS_PER_DAY);
}

/**
 * `YYYY-MM-DD` of a day number (inverse of {@link dayNumber}).
 *
 * @throws if `day` is not an integer.
 * @example dateOfDay(0) // '1970-01-01'
 */
export function dateOfDay(day: number): string {
	if (!Number.isInteger(day)) throw new Error(`dateOfDay: day must be an integer, got ${day}`);
	return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Adds `days` (may be negative) to a `YYYY-MM-DD` date.
 *
 * @throws if `date` is invalid or `days` is not an integer.
 * @example addDays('2024-02-28', 2) // '2024-03-01'
 */
export function addDays(date: string, days: number): string {
	if (!Number.isInteger(days)) throw new Error(`addDays: days must be an integer, got ${days}`);
	return dateOfDay(dayNumber(date) + days);
}

/**
 * Weekday of a day number, 0 = Monday … 6 = Sunday (ISO order, zero-based).
 * 1970-01-01 (day 0) was a Thursday, hence the offset of 3.
 *
 * @example weekdayOfDay(dayNumber('2025-01-29')) // 2 (Wednesday)
 */
export function weekdayOfDay(day: number): number {
	return (((day + 3) % 7) + 7) % 7;
}

/**
 * Weekday of a `YYYY-MM-DD` date, 0 = Monday … 6 = Sunday.
 *
 * @throws if `date` is invalid.
 * @example weekdayOf('2026-02-17') // 1 (Tuesday)
 */
export function weekdayOf(date: string): number {
	return weekdayOfDay(dayNumber(date));
}

/** True when `date` is a valid `YYYY-MM-DD` calendar date. */
export function isLocalDate(date: string): boolean {
	try {
		dayNumber(date);
		return true;
	} catch {
		return false;
	}
}
