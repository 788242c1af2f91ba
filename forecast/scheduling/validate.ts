/**
 * Parsing and validation of the scheduler's inputs (rules.json and req.csv). Every error names the
 * field (JSON path or CSV line/column) and what is allowed, so the CLI can print it and exit 2.
 */
import { ScheduleInputError, type BreakRule, type PoolRule, type Requirement, type ScheduleRules } from './types';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(o: Record<string, unknown>, key: string, path: string, opts: { min?: number; max?: number; integer?: boolean; minExclusive?: boolean } = {}): number {
	const v = o[key];
	const f = `${path}${path ? '.' : ''}${key}`;
	if (typeof v !== 'number' || !Number.isFinite(v)) throw new ScheduleInputError(f, `must be a number, got ${JSON.stringify(v)}`);
	if (opts.integer && !Number.isInteger(v)) throw new ScheduleInputError(f, `must be a whole number, got ${v}`);
	if (opts.min !== undefined && (opts.minExclusive ? v <= opts.min : v < opts.min)) throw new ScheduleInputError(f, `must be ${opts.minExclusive ? '>' : '≥'} ${opts.min}, got ${v}`);
	if (opts.max !== undefined && v > opts.max) throw new ScheduleInputError(f, `must be ≤ ${opts.max}, got ${v}`);
	return v;
}

/** "HH:MM" (00:00–23:59) to minutes after midnight. */
export function parseClock(v: unknown, field: string): number {
	const m = typeof v === 'string' ? /^(\d{2}):(\d{2})$/.exec(v) : null;
	if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new ScheduleInputError(field, `must be a time "HH:MM" between 00:00 and 23:59, got ${JSON.stringify(v)}`);
	return Number(m[1]) * 60 + Number(m[2]);
}

export function parseRules(raw: unknown): ScheduleRules {
	if (!isObj(raw)) throw new ScheduleInputError('rules', 'must be a JSON object');
	const intervalMin = num(raw, 'intervalMin', '', { integer: true, min: 5, max: 120 });
	if (1440 % intervalMin !== 0) throw new ScheduleInputError('intervalMin', `must divide a day (1440 minutes), got ${intervalMin}`);
	const minRestHours = num(raw, 'minRestHours', '', { min: 0, max: 23 });
	if (!isObj(raw.startTimes)) throw new ScheduleInputError('startTimes', 'must be an object {earliest, latest, stepMin}');
	const st = raw.startTimes;
	const earliest = parseClock(st.earliest, 'startTimes.earliest');
	const latest = parseClock(st.latest, 'startTimes.latest');
	if (latest < earliest) throw new ScheduleInputError('startTimes.latest', `must not be before startTimes.earliest (${st.earliest}), got ${st.latest}`);
	const stepMin = num(st, 'stepMin', 'startTimes', { integer: true, min: 5, max: 1440 });
	if (stepMin % 5 !== 0) throw new ScheduleInputError('startTimes.stepMin', `must be a multiple of 5 minutes, got ${stepMin}`);
	if (!Array.isArray(raw.breaks)) throw new ScheduleInputError('breaks', 'must be an array (may be empty)');
	const breaks: BreakRule[] = raw.breaks.map((b, i) => {
		const p = `breaks[${i}]`;
		if (!isObj(b)) throw new ScheduleInputError(p, 'must be an object');
		const lengthMin = num(b, 'lengthMin', p, { integer: true, min: 5, max: 240 });
		if (lengthMin % 5 !== 0) throw new ScheduleInputError(`${p}.lengthMin`, `must be a multiple of 5 minutes, got ${lengthMin}`);
		const ifShiftHoursAtLeast = num(b, 'ifShiftHoursAtLeast', p, { min: 0, max: 24 });
		const e = num(b, 'earliestAfterStartMin', p, { integer: true, min: 0 });
		const l = num(b, 'latestAfterStartMin', p, { integer: true, min: 0 });
		if (l - e < lengthMin) throw new ScheduleInputError(`${p}.latestAfterStartMin`, `the window [${e}, ${l}] min is shorter than the break (${lengthMin} min); it must be ≥ earliestAfterStartMin + lengthMin`);
		if (typeof b.paid !== 'boolean') throw new ScheduleInputError(`${p}.paid`, `must be true or false, got ${JSON.stringify(b.paid)}`);
		return { lengthMin, ifShiftHoursAtLeast, earliestAfterStartMin: e, latestAfterStartMin: l, paid: b.paid };
	});
	if (!Array.isArray(raw.pools) || raw.pools.length === 0) throw new ScheduleInputError('pools', 'must be a non-empty array');
	const ids = new Set<string>();
	const pools: PoolRule[] = raw.pools.map((pl, i) => {
		const p = `pools[${i}]`;
		if (!isObj(pl)) throw new ScheduleInputError(p, 'must be an object');
		if (typeof pl.id !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(pl.id)) throw new ScheduleInputError(`${p}.id`, `must be 1–40 letters, digits, "_" or "-", got ${JSON.stringify(pl.id)}`);
		if (ids.has(pl.id)) throw new ScheduleInputError(`${p}.id`, `"${pl.id}" is used by two pools`);
		ids.add(pl.id);
		const headcount = num(pl, 'headcount', p, { integer: true, min: 0, max: 100_000 });
		if (!Array.isArray(pl.shiftLengthsHours) || pl.shiftLengthsHours.length === 0) throw new ScheduleInputError(`${p}.shiftLengthsHours`, 'must be a non-empty array of hours');
		const lengths = pl.shiftLengthsHours.map((h, j) => {
			const f = `${p}.shiftLengthsHours[${j}]`;
			if (typeof h !== 'number' || !(h >= 1 && h <= 16)) throw new ScheduleInputError(f, `must be a number of hours in [1, 16], got ${JSON.stringify(h)}`);
			if (!Number.isInteger((h * 60) / intervalMin)) throw new ScheduleInputError(f, `must be a whole number of intervals (${intervalMin} min), got ${h} h`);
			for (const [k, b] of breaks.entries()) {
				if (h >= b.ifShiftHoursAtLeast && b.latestAfterStartMin > h * 60) {
					throw new ScheduleInputError(`breaks[${k}].latestAfterStartMin`, `${b.latestAfterStartMin} min is past the end of the ${h} h shifts of pool "${pl.id}" that must take this break`);
				}
			}
			return h;
		});
		if (new Set(lengths).size !== lengths.length) throw new ScheduleInputError(`${p}.shiftLengthsHours`, 'lists a length twice');
		const minDays = num(pl, 'minDaysPerWeek', p, { integer: true, min: 0, max: 7 });
		const maxDays = num(pl, 'maxDaysPerWeek', p, { integer: true, min: 1, max: 7 });
		if (maxDays < minDays) throw new ScheduleInputError(`${p}.maxDaysPerWeek`, `must be ≥ minDaysPerWeek (${minDays}), got ${maxDays}`);
		const costPerHour = num(pl, 'costPerHour', p, { min: 0 });
		const productivity = num(pl, 'productivity', p, { min: 0, max: 2, minExclusive: true });
		return { id: pl.id, headcount, shiftLengthsHours: lengths, minDaysPerWeek: minDays, maxDaysPerWeek: maxDays, costPerHour, productivity };
	});
	return { intervalMin, minRestHours, startTimes: { earliest: st.earliest as string, latest: st.latest as string, stepMin }, breaks, pools };
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a "YYYY-MM-DD" date (calendar arithmetic, no time zone). */
export function dayNumber(date: string): number {
	const [y, m, d] = date.split('-').map(Number);
	return Date.UTC(y, m - 1, d) / DAY_MS;
}
export function dateOfDayNumber(n: number): string {
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * req.csv: header `interval_start,required`, then one row per interval in local time
 * "YYYY-MM-DD HH:MM", consecutive, `intervalMin` apart, `required` ≥ 0.
 */
export function parseRequirementCsv(text: string, intervalMin: number): Requirement {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
	if (lines.length === 0 || lines[0].trim().toLowerCase().replace(/\s/g, '') !== 'interval_start,required') {
		throw new ScheduleInputError('req.csv line 1', `the header must be "interval_start,required", got ${JSON.stringify(lines[0] ?? '')}`);
	}
	if (lines.length < 2) throw new ScheduleInputError('req.csv', 'has no intervals');
	const required: number[] = [];
	let first: { date: string; min: number } | null = null;
	let prevAbs = -Infinity;
	for (let i = 1; i < lines.length; i++) {
		const where = `req.csv line ${i + 1}`;
		const cells = lines[i].split(',');
		if (cells.length !== 2) throw new ScheduleInputError(where, `must have 2 columns (interval_start,required), got ${cells.length}`);
		const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})$/.exec(cells[0].trim());
		if (!m || Number.isNaN(dayNumber(m[1])) || dateOfDayNumber(dayNumber(m[1])) !== m[1] || Number(m[2]) > 23 || Number(m[3]) > 59) {
			throw new ScheduleInputError(`${where} interval_start`, `must be a local time "YYYY-MM-DD HH:MM", got ${JSON.stringify(cells[0])}`);
		}
		const abs = dayNumber(m[1]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
		if (abs % intervalMin !== 0) throw new ScheduleInputError(`${where} interval_start`, `${cells[0].trim()} is not on the ${intervalMin}-minute grid (intervalMin in rules.json)`);
		if (first === null) first = { date: m[1], min: Number(m[2]) * 60 + Number(m[3]) };
		else if (abs !== prevAbs + intervalMin) throw new ScheduleInputError(`${where} interval_start`, `must follow the previous row by exactly ${intervalMin} minutes (one row per interval, no gaps, in order)`);
		prevAbs = abs;
		const r = Number(cells[1].trim());
		if (cells[1].trim() === '' || !Number.isFinite(r) || r < 0) throw new ScheduleInputError(`${where} required`, `must be a number ≥ 0, got ${JSON.stringify(cells[1])}`);
		required.push(r);
	}
	if (required.length * intervalMin > 14 * 1440) throw new ScheduleInputError('req.csv', `covers more than 14 days (${required.length} intervals); schedule one week at a time`);
	return { firstDate: first!.date, offsetMin: first!.min, intervalMin, required };
}
