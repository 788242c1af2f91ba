import type { CalendarEvent } from '../calendar/CalendarEvent';
import { EVENT_KINDS, validateCalendarEvent } from '../calendar/CalendarEvent';
import { DEFAULT_ZONE, parseTimestamp } from './parseTimestamp';
import type { VolumePoint } from './types';

/** A CSV problem at a 1-based line of the input; the CLIs print `message` and exit 2. */
export class CsvInputError extends Error {
	constructor(
		readonly source: string,
		readonly line: number,
		detail: string
	) {
		super(`${source} line ${line}: ${detail}`);
		this.name = 'CsvInputError';
	}
}

/**
 * Splits one CSV record (RFC 4180 quoting: fields may be wrapped in double quotes, `""` is a quote).
 *
 * @throws if a quoted field is not closed.
 * @example splitCsvLine('2025-11-11,2025-11-11,"Double 11, Tmall",promotion') // 4 fields
 */
export function splitCsvLine(line: string): string[] {
	const out: string[] = [];
	let cur = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted) {
			if (c === '"') {
				if (line[i + 1] === '"') {
					cur += '"';
					i++;
				} else quoted = false;
			} else cur += c;
		} else if (c === '"' && cur.trim() === '') {
			quoted = true;
			cur = '';
		} else if (c === ',') {
			out.push(cur.trim());
			cur = '';
		} else cur += c;
	}
	if (quoted) throw new Error('splitCsvLine: unclosed quoted field');
	out.push(cur.trim());
	return out;
}

/** Lines of a text file without the trailing empty line, BOM removed, CRLF tolerated. */
function lines(text: string): string[] {
	const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	while (all.length > 0 && all[all.length - 1].trim() === '') all.pop();
	return all;
}

/**
 * Parses a history file `timestamp,count` (header optional) into points, checking what the
 * forecaster requires and naming the line of the first problem: unparseable rows, counts that
 * are not numbers or negative, timestamps not after the previous row (unsorted or duplicate).
 * Blank lines are skipped.
 *
 * @throws CsvInputError for the first bad line, or when there is no data row.
 * @example parseHistoryCsv('timestamp,count\n2025-01-06 09:00,12\n').length // 1
 */
export function parseHistoryCsv(text: string, zone: string = DEFAULT_ZONE, source = 'history'): VolumePoint[] {
	const rows = lines(text);
	const out: VolumePoint[] = [];
	let prevT = -Infinity;
	let prevLine = 0;
	let prevTs = '';
	for (let i = 0; i < rows.length; i++) {
		const lineNo = i + 1;
		const raw = rows[i];
		if (raw.trim() === '') continue;
		let cells: string[];
		try {
			cells = splitCsvLine(raw);
		} catch {
			throw new CsvInputError(source, lineNo, 'unclosed quote');
		}
		if (out.length === 0 && /^timestamp$/i.test(cells[0])) continue; // header
		if (cells.length < 2) throw new CsvInputError(source, lineNo, `expected "timestamp,count", got ${JSON.stringify(raw)}`);
		const c = parseTimestamp(cells[0], zone);
		if (!c) {
			throw new CsvInputError(
				source,
				lineNo,
				`unparseable timestamp ${JSON.stringify(cells[0])} (expected YYYY-MM-DD HH:mm[:ss] local time, or ISO 8601 with offset)`
			);
		}
		if (c.second !== 0) throw new CsvInputError(source, lineNo, `timestamp ${cells[0]} is not on a whole minute`);
		if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cells[1])) {
			throw new CsvInputError(source, lineNo, `count ${JSON.stringify(cells[1])} is not a number`);
		}
		const count = Number(cells[1]);
		if (!Number.isFinite(count)) throw new CsvInputError(source, lineNo, `count ${cells[1]} is not finite`);
		if (count < 0) throw new CsvInputError(source, lineNo, `negative count ${cells[1]} (counts must be ≥ 0)`);
		const t = c.day * 1440 + c.minuteOfDay;
		if (t === prevT) throw new CsvInputError(source, lineNo, `duplicate timestamp ${cells[0]} (also on line ${prevLine})`);
		if (t < prevT) {
			throw new CsvInputError(source, lineNo, `timestamp ${cells[0]} is before ${prevTs} on line ${prevLine} (rows must be sorted by time)`);
		}
		prevT = t;
		prevLine = lineNo;
		prevTs = cells[0];
		out.push({ timestamp: cells[0], count });
	}
	if (out.length === 0) throw new CsvInputError(source, Math.max(1, rows.length), 'no data rows (expected "timestamp,count")');
	return out;
}

/**
 * Parses a user events file `date_start,date_end,name,kind[,ramp_days,tail_days[,line_shut]]`
 * (header optional; ramp/tail default 0; kind promotion|holiday|closure|workday|other, workday =
 * a 调休 make-up working day; line_shut yes = a closure with no contact at all, forecast 0) into
 * calendar events with `source: 'user'`.
 *
 * @throws CsvInputError naming the line for a missing column, a bad date, an unknown kind or a
 *   bad ramp/tail.
 * @example parseEventsCsv('2025-11-11,2025-11-11,Double 11,promotion,20,14')[0].rampDays // 20
 */
export function parseEventsCsv(text: string, source = 'events'): CalendarEvent[] {
	const rows = lines(text);
	const out: CalendarEvent[] = [];
	for (let i = 0; i < rows.length; i++) {
		const lineNo = i + 1;
		if (rows[i].trim() === '') continue;
		let cells: string[];
		try {
			cells = splitCsvLine(rows[i]);
		} catch {
			throw new CsvInputError(source, lineNo, 'unclosed quote');
		}
		if (i === 0 && /^date_start$/i.test(cells[0])) continue;
		if (cells.length < 4 || cells.length > 7) {
			throw new CsvInputError(source, lineNo, `expected date_start,date_end,name,kind[,ramp_days,tail_days[,line_shut]], got ${cells.length} columns`);
		}
		const shut = (cells[6] ?? '').trim().toLowerCase();
		if (!['', 'yes', 'no', 'true', 'false', '1', '0'].includes(shut)) {
			throw new CsvInputError(source, lineNo, `line_shut must be yes or no (or empty), got ${JSON.stringify(cells[6])}`);
		}
		const int = (v: string | undefined, name: string) => {
			if (v === undefined || v === '') return 0;
			if (!/^\d+$/.test(v)) throw new CsvInputError(source, lineNo, `${name} must be a whole number of days, got ${JSON.stringify(v)}`);
			return Number(v);
		};
		const kind = cells[3].toLowerCase();
		if (!(EVENT_KINDS as readonly string[]).includes(kind)) {
			throw new CsvInputError(source, lineNo, `kind must be one of ${EVENT_KINDS.join(', ')}, got ${JSON.stringify(cells[3])}`);
		}
		const event: CalendarEvent = {
			name: cells[2],
			kind: kind as CalendarEvent['kind'],
			dateStart: cells[0],
			dateEnd: cells[1],
			rampDays: int(cells[4], 'ramp_days'),
			tailDays: int(cells[5], 'tail_days'),
			source: 'user',
			...(['yes', 'true', '1'].includes(shut) ? { lineShut: true } : {})
		};
		try {
			validateCalendarEvent(event, `line ${lineNo}`);
		} catch (e) {
			throw new CsvInputError(source, lineNo, (e as Error).message.replace(/^validateCalendarEvent: line \d+: /, ''));
		}
		out.push(event);
	}
	return out;
}

/**
 * Parses a timestamps file: the first column of each row is a timestamp to forecast (a header is
 * allowed when its first cell is not a timestamp).
 *
 * @throws CsvInputError naming the line of an unparseable or duplicate timestamp, or when empty.
 * @example parseTimestampsCsv('timestamp\n2025-01-06 09:00\n') // ['2025-01-06 09:00']
 */
export function parseTimestampsCsv(text: string, zone: string = DEFAULT_ZONE, source = 'timestamps'): string[] {
	const rows = lines(text);
	const out: string[] = [];
	const seen = new Map<number, number>();
	for (let i = 0; i < rows.length; i++) {
		const lineNo = i + 1;
		if (rows[i].trim() === '') continue;
		let cells: string[];
		try {
			cells = splitCsvLine(rows[i]);
		} catch {
			throw new CsvInputError(source, lineNo, 'unclosed quote');
		}
		const c = parseTimestamp(cells[0], zone);
		if (!c) {
			if (i === 0) continue; // header
			throw new CsvInputError(source, lineNo, `unparseable timestamp ${JSON.stringify(cells[0])}`);
		}
		const t = c.day * 1440 + c.minuteOfDay;
		const dup = seen.get(t);
		if (dup !== undefined) throw new CsvInputError(source, lineNo, `duplicate timestamp ${cells[0]} (also on line ${dup})`);
		seen.set(t, lineNo);
		out.push(cells[0]);
	}
	if (out.length === 0) throw new CsvInputError(source, Math.max(1, rows.length), 'no timestamps');
	return out;
}
