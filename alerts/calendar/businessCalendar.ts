/**
 * Business calendar: the working hours during which an alert clock runs.
 *
 * Working hours are given per weekday as local wall-clock ranges in an IANA zone (default
 * Asia/Shanghai, see docs/domain.md); holidays close a whole local date; `specialDays`
 * replace a date's hours (China's 调休 make-up working days fall on weekends, so a weekday
 * rule alone cannot express them). Local times are converted with luxon, which follows the
 * zone's offset rules (DST included, for zones that have it).
 */
import { DateTime, IANAZone } from 'luxon';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** `['09:00', '18:00']`: local start inclusive, end exclusive; end may be `'24:00'`. */
export type TimeRange = [string, string];

export interface BusinessCalendar {
	/** IANA zone; default `Asia/Shanghai`. */
	zone?: string;
	/** Hours per weekday; a missing or empty weekday is closed. */
	weekly: Partial<Record<Weekday, TimeRange[]>>;
	/** Local dates `YYYY-MM-DD` closed all day. */
	holidays: string[];
	/** Local dates `YYYY-MM-DD` whose hours replace the weekday's (`[]` = closed). Wins over holidays. */
	specialDays?: Record<string, TimeRange[]>;
}

export const DEFAULT_ZONE = 'Asia/Shanghai';

/** A calendar ready for repeated queries. */
export interface CompiledCalendar {
	/** True for the 24×7 calendar (no working-hour restriction). */
	readonly always: boolean;
	readonly zone: string;
	/** Working time inside [fromMs, toMs), ms; 0 when toMs ≤ fromMs. */
	businessMs(fromMs: number, toMs: number): number;
	/** Whether `atMs` falls inside working hours. */
	isOpen(atMs: number): boolean;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Upper bound on days scanned by one query (10 years), so a corrupt timestamp fails loudly. */
const MAX_DAYS_PER_QUERY = 3660;
const MEMO_LIMIT = 4000;

/** Parses `HH:MM` (or `24:00`) into minutes after local midnight; NaN when malformed. */
export function parseHhmm(text: string): number {
	if (typeof text !== 'string' || !HHMM.test(text)) return Number.NaN;
	const [h, m] = text.split(':').map(Number);
	return h * 60 + m;
}

/** True when `text` is a real calendar date `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
	return typeof text === 'string' && ISO_DATE.test(text) && DateTime.fromISO(text).isValid;
}

/** True when luxon knows the IANA zone. */
export function isValidZone(zone: string): boolean {
	return typeof zone === 'string' && IANAZone.isValidZone(zone);
}

/** The always-open calendar. */
export const ALWAYS_OPEN: CompiledCalendar = {
	always: true,
	zone: 'UTC',
	businessMs: (fromMs, toMs) => (toMs > fromMs ? toMs - fromMs : 0),
	isOpen: () => true
};

function parseRanges(ranges: TimeRange[], where: string): Array<[number, number]> {
	return ranges.map((range, i) => {
		const start = parseHhmm(range?.[0]);
		const end = parseHhmm(range?.[1]);
		if (!(start < end)) {
			throw new Error(
				`compileCalendar: ${where}[${i}] must be ['HH:MM','HH:MM'] with start < end (end may be 24:00), got ${JSON.stringify(range)}`
			);
		}
		return [start, end];
	});
}

/**
 * Compiles a calendar for fast queries (per-date working intervals are memoised).
 *
 * businessMs(a, b) = Σ over local dates d touching [a, b) of Σ over working ranges r of d of
 * |[a, b) ∩ [start(d, r), end(d, r))|, with start/end the epoch instants of the local wall-clock
 * times in the zone.
 *
 * @param calendar the calendar, or null for 24×7
 * @throws Error when the zone, a range or a date is malformed (message names the field)
 * @example
 * const cal = compileCalendar({ weekly: { mon: [['09:00', '18:00']] }, holidays: [] });
 * cal.businessMs(Date.parse('2025-03-03T00:00:00+08:00'), Date.parse('2025-03-04T00:00:00+08:00')); // 9 h
 */
export function compileCalendar(calendar: BusinessCalendar | null): CompiledCalendar {
	if (calendar === null) return ALWAYS_OPEN;
	const zone = calendar.zone ?? DEFAULT_ZONE;
	if (!isValidZone(zone)) {
		throw new Error(`compileCalendar: zone must be a valid IANA zone such as Asia/Shanghai, got ${JSON.stringify(zone)}`);
	}
	const weekly = new Map<number, Array<[number, number]>>();
	WEEKDAYS.forEach((day, i) => {
		weekly.set(i + 1, parseRanges(calendar.weekly?.[day] ?? [], `weekly.${day}`));
	});
	const holidays = new Set<string>();
	for (const date of calendar.holidays ?? []) {
		if (!isIsoDate(date)) throw new Error(`compileCalendar: holidays must hold YYYY-MM-DD dates, got ${JSON.stringify(date)}`);
		holidays.add(date);
	}
	const special = new Map<string, Array<[number, number]>>();
	for (const [date, ranges] of Object.entries(calendar.specialDays ?? {})) {
		if (!isIsoDate(date)) throw new Error(`compileCalendar: specialDays keys must be YYYY-MM-DD dates, got ${JSON.stringify(date)}`);
		special.set(date, parseRanges(ranges, `specialDays.${date}`));
	}

	const memo = new Map<string, Array<[number, number]>>();
	/** Working intervals (epoch ms) of the local date starting at `dayStart`. */
	function intervalsOf(dayStart: DateTime): Array<[number, number]> {
		const date = dayStart.toISODate() as string;
		const cached = memo.get(date);
		if (cached) return cached;
		const ranges = special.get(date) ?? (holidays.has(date) ? [] : (weekly.get(dayStart.weekday) ?? []));
		const out: Array<[number, number]> = ranges.map(([s, e]) => [localInstant(dayStart, s), localInstant(dayStart, e)]);
		if (memo.size >= MEMO_LIMIT) memo.clear();
		memo.set(date, out);
		return out;
	}

	function businessMs(fromMs: number, toMs: number): number {
		if (!(toMs > fromMs)) return 0;
		let day = DateTime.fromMillis(fromMs, { zone }).startOf('day');
		let total = 0;
		for (let i = 0; day.toMillis() < toMs; i++) {
			if (i > MAX_DAYS_PER_QUERY) {
				throw new Error(`compileCalendar.businessMs: span ${fromMs}..${toMs} exceeds ${MAX_DAYS_PER_QUERY} days`);
			}
			for (const [s, e] of intervalsOf(day)) {
				const lo = Math.max(s, fromMs);
				const hi = Math.min(e, toMs);
				if (hi > lo) total += hi - lo;
			}
			day = day.plus({ days: 1 });
		}
		return total;
	}

	function isOpen(atMs: number): boolean {
		const day = DateTime.fromMillis(atMs, { zone }).startOf('day');
		return intervalsOf(day).some(([s, e]) => atMs >= s && atMs < e);
	}

	return { always: false, zone, businessMs, isOpen };
}

/** Epoch ms of `minutes` after local midnight of `dayStart` (24:00 = next local midnight). */
function localInstant(dayStart: DateTime, minutes: number): number {
	if (minutes >= 24 * 60) return dayStart.plus({ days: 1 }).toMillis();
	return dayStart.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}
