import { DateTime, IANAZone } from 'luxon';
import { dayNumber, dateOfDay } from '../calendar/localDate';

/** A timestamp reduced to local wall-clock fields: calendar day number and minute of the day. */
export interface WallClock {
	/** days since 1970-01-01 of the local date */
	day: number;
	/** 0…1439 */
	minuteOfDay: number;
	/** seconds within the minute (must be 0 on a grid) */
	second: number;
}

export const DEFAULT_ZONE = 'Asia/Shanghai';

// Local wall clock without zone: "2003-03-03 07:00", "2003-03-03 07:00:00", "2003-03-03T07:00:00.000"
const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Checks an IANA zone name.
 *
 * @throws if luxon does not know the zone.
 * @example assertZone('Asia/Shanghai')
 */
export function assertZone(zone: string): void {
	if (!IANAZone.isValidZone(zone)) {
		throw new Error(`assertZone: unknown IANA time zone ${JSON.stringify(zone)} (e.g. Asia/Shanghai)`);
	}
}

/**
 * Parses a timestamp into local wall-clock fields in `zone`. Strings without a zone are taken as
 * wall-clock time already (the bank data and most WFM exports look like that); strings with `Z`
 * or an offset are converted to `zone` with luxon. Returns `null` when it cannot be parsed.
 *
 * Asia/Shanghai has had no DST since 1991, so wall-clock arithmetic is exact there; in a DST zone
 * a spring-forward hour simply has no rows and a fall-back hour shows up as a duplicate.
 *
 * @example parseTimestamp('2003-03-03 07:05:00')?.minuteOfDay // 425
 */
export function parseTimestamp(text: string, zone: string = DEFAULT_ZONE): WallClock | null {
	const s = text.trim();
	const m = LOCAL_RE.exec(s);
	if (m) {
		const hh = Number(m[2]);
		const mm = Number(m[3]);
		const ss = m[4] === undefined ? 0 : Number(m[4]);
		if (hh > 23 || mm > 59 || ss > 59) return null;
		let day: number;
		try {
			day = dayNumber(m[1]);
		} catch {
			return null;
		}
		const ms = m[5] === undefined ? 0 : Number(m[5]);
		return { day, minuteOfDay: hh * 60 + mm, second: ss + ms / 1000 };
	}
	if (OFFSET_RE.test(s)) {
		const dt = DateTime.fromISO(s, { setZone: true });
		if (!dt.isValid) return null;
		const local = dt.setZone(zone);
		if (!local.isValid) return null;
		const day = dayNumber(local.toISODate() as string);
		return { day, minuteOfDay: local.hour * 60 + local.minute, second: local.second + local.millisecond / 1000 };
	}
	return null;
}

/**
 * Formats a day number and minute of the day as `YYYY-MM-DD HH:mm:ss` (local wall clock).
 *
 * @example formatTimestamp(12114, 420) // '2003-03-03 07:00:00'
 */
export function formatTimestamp(day: number, minuteOfDay: number): string {
	const hh = Math.floor(minuteOfDay / 60);
	const mm = minuteOfDay % 60;
	return `${dateOfDay(day)} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00`;
}
