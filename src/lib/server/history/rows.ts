import { DateTime } from 'luxon';

/**
 * Validation of imported interval-history rows (docs/decisions/0013-history-import.md): one source
 * row (CSV line, XLSX row or NDJSON object) becomes either a normalised HistoryRow or a list of
 * errors naming the line, the column and the rule broken. Pure: no I/O, the clock is injected.
 */

export const INTERVAL_MINUTES = [5, 15, 30, 60, 1440] as const;

export const FIELDS = [
	'interval_start',
	'interval_min',
	'channel',
	'queue',
	'offered',
	'answered',
	'abandoned',
	'answered_within_target',
	'aht_sec',
	'avg_wait_sec',
	'csat_avg'
] as const;
export type Field = (typeof FIELDS)[number];

/** Column headings Chinese ACD / 千牛 / Excel exports commonly use, accepted as the field they name. */
const ALIASES: Record<string, Field> = {
	时间: 'interval_start',
	开始时间: 'interval_start',
	时段: 'interval_start',
	时段开始: 'interval_start',
	间隔: 'interval_min',
	时长分钟: 'interval_min',
	渠道: 'channel',
	队列: 'queue',
	技能组: 'queue',
	进线量: 'offered',
	呼入量: 'offered',
	接入量: 'offered',
	接起量: 'answered',
	应答量: 'answered',
	放弃量: 'abandoned',
	及时接起量: 'answered_within_target',
	平均处理时长: 'aht_sec',
	平均等待时长: 'avg_wait_sec',
	满意度: 'csat_avg'
};

export interface HistoryRow {
	channel: string;
	queue: string;
	interval_min: number;
	/** epoch seconds, UTC */
	interval_start: number;
	offered: number;
	answered: number | null;
	abandoned: number | null;
	answered_within_target: number | null;
	aht_sec: number | null;
	avg_wait_sec: number | null;
	csat_avg: number | null;
}

export interface RowError {
	/** line in the file (CSV/NDJSON, 1 = the first line) or row number (XLSX) */
	line: number;
	/** the column as the file names it ('' for a whole-row problem) */
	column: string;
	rule: string;
	message: string;
}

export interface NamedId {
	id: string;
	nameZh?: string;
	nameEn?: string;
}

export interface RowOptions {
	/** business time zone for timestamps without an offset */
	zone: string;
	channels: NamedId[];
	queues: NamedId[];
	/** names in the file → configured channel or queue ids, e.g. {"旺旺": "chat", "售前": "presale"} */
	map: Record<string, string>;
	/** source column heading → field, e.g. {"timestamp": "interval_start", "count": "offered"} */
	columns: Record<string, string>;
	/** values for fields the file has no column for */
	defaults: { channel?: string; queue?: string; interval_min?: number };
	nowMs: number;
}

/** What the options themselves get wrong (unknown field in `columns`, unknown target in `map`, …). */
export function checkOptions(o: RowOptions): string[] {
	const problems: string[] = [];
	for (const [src, f] of Object.entries(o.columns)) {
		if (!(FIELDS as readonly string[]).includes(f)) problems.push(`columns: "${src}" maps to "${f}", which is not a field; fields: ${FIELDS.join(', ')}`);
	}
	const ids = new Set([...o.channels.map((c) => c.id), ...o.queues.map((q) => q.id)]);
	for (const [src, id] of Object.entries(o.map)) {
		if (!ids.has(id)) problems.push(`map: "${src}" maps to "${id}", which is neither a configured channel (${o.channels.map((c) => c.id).join(', ')}) nor a queue (${o.queues.map((q) => q.id).join(', ')})`);
	}
	if (o.defaults.channel !== undefined && !o.channels.some((c) => c.id === o.defaults.channel)) {
		problems.push(`channel: "${o.defaults.channel}" is not a configured channel (${o.channels.map((c) => c.id).join(', ')})`);
	}
	if (o.defaults.queue !== undefined && !o.queues.some((q) => q.id === o.defaults.queue)) {
		problems.push(`queue: "${o.defaults.queue}" is not a configured queue (${o.queues.map((q) => q.id).join(', ')})`);
	}
	if (o.defaults.interval_min !== undefined && !(INTERVAL_MINUTES as readonly number[]).includes(o.defaults.interval_min)) {
		problems.push(`intervalMin: ${o.defaults.interval_min} is not allowed; use ${INTERVAL_MINUTES.join(', ')}`);
	}
	if (!DateTime.local().setZone(o.zone).isValid) problems.push(`zone: "${o.zone}" is not an IANA time zone`);
	return problems;
}

interface Plan {
	/** field → index in the values (or -1) */
	index: Record<Field, number>;
	/** field → the heading the file uses (for error messages) */
	heading: Record<Field, string>;
	/** header problems (missing required columns), reported once */
	problems: RowError[];
}

/**
 * Validates rows one by one. Header plans are cached per header array, so a CSV or XLSX file
 * (one header) plans once and NDJSON (keys per line) plans per distinct key set.
 */
export class RowValidator {
	private plans = new Map<string, Plan>();
	private lastHeader: readonly string[] | null = null;
	private lastPlan: Plan | null = null;
	private names = new Map<string, { channel?: string; queue?: string }>();
	private offsets = new Map<number, number>();
	/** per series key: interval start → first line, to report duplicates */
	private seen = new Map<string, { last: number; starts: number[]; lines: number[]; map: Map<number, number> | null }>();
	private headerReported = new Set<Plan>();

	constructor(private o: RowOptions) {
		const add = (name: string | undefined, kind: 'channel' | 'queue', id: string) => {
			if (!name) return;
			const e = this.names.get(name) ?? {};
			e[kind] ??= id;
			this.names.set(name, e);
		};
		for (const c of o.channels) [c.id, c.nameZh, c.nameEn].forEach((n) => add(n, 'channel', c.id));
		for (const q of o.queues) [q.id, q.nameZh, q.nameEn].forEach((n) => add(n, 'queue', q.id));
		for (const [src, id] of Object.entries(o.map)) {
			if (o.channels.some((c) => c.id === id)) this.names.set(src, { ...this.names.get(src), channel: id });
			if (o.queues.some((q) => q.id === id)) this.names.set(src, { ...this.names.get(src), queue: id });
		}
	}

	private plan(header: readonly string[], line: number): Plan {
		if (header === this.lastHeader && this.lastPlan) return this.lastPlan;
		const key = header.join('\u0000');
		let p = this.plans.get(key);
		if (!p) {
			const index = Object.fromEntries(FIELDS.map((f) => [f, -1])) as Record<Field, number>;
			const heading = Object.fromEntries(FIELDS.map((f) => [f, f])) as Record<Field, string>;
			header.forEach((h, i) => {
				const name = String(h ?? '').trim();
				const f = (this.o.columns[name] ?? ((FIELDS as readonly string[]).includes(name.toLowerCase()) ? name.toLowerCase() : ALIASES[name])) as Field | undefined;
				if (f && index[f] === -1) {
					index[f] = i;
					heading[f] = name;
				}
			});
			const problems: RowError[] = [];
			const need: [Field, boolean][] = [
				['interval_start', true],
				['offered', true],
				['channel', this.o.defaults.channel === undefined],
				['queue', this.o.defaults.queue === undefined],
				['interval_min', this.o.defaults.interval_min === undefined]
			];
			for (const [f, required] of need) {
				if (required && index[f] === -1) {
					problems.push({
						line,
						column: f,
						rule: 'missing-column',
						message: `no column for ${f} (headings: ${header.map((h) => String(h)).join(', ') || '(none)'}); name a column ${f}, map one with columns={"<heading>": "${f}"}${f === 'channel' || f === 'queue' || f === 'interval_min' ? `, or give ${f === 'interval_min' ? 'intervalMin' : f}=… for the whole file` : ''}`
					});
				}
			}
			p = { index, heading, problems };
			this.plans.set(key, p);
		}
		this.lastHeader = header;
		this.lastPlan = p;
		return p;
	}

	/** Validates one row; `values` are aligned with `header`. Hot path: no closures, no per-row maps. */
	check(line: number, header: readonly string[], values: readonly unknown[]): HistoryRow | RowError[] {
		const p = this.plan(header, line);
		if (p.problems.length > 0) {
			if (this.headerReported.has(p)) return [];
			this.headerReported.add(p);
			return p.problems;
		}
		const errors: RowError[] = [];
		const ix = p.index;

		// interval length
		let intervalMin = this.o.defaults.interval_min ?? 0;
		if (ix.interval_min !== -1) {
			const raw = values[ix.interval_min];
			const v = toNumber(raw);
			if (v === undefined) this.err(errors, line, p, 'interval_min', 'required', 'is empty; give the interval length in minutes (5, 15, 30, 60 or 1440)');
			else if (v !== 5 && v !== 15 && v !== 30 && v !== 60 && v !== 1440) this.err(errors, line, p, 'interval_min', 'interval-length', `"${clip(raw)}" is not an allowed interval length; use 5, 15, 30, 60 or 1440 (a day)`);
			else intervalMin = v;
		}

		// interval start
		let start = NaN;
		const rawTs = values[ix.interval_start];
		const ts = this.timestamp(rawTs);
		if (typeof ts === 'string') {
			if (ts === 'required') this.err(errors, line, p, 'interval_start', 'required', 'is empty; give the interval start, e.g. 2025-11-11 09:15 (local time) or 2025-11-11T09:15+08:00');
			else this.err(errors, line, p, 'interval_start', 'timestamp', ts);
		} else {
			start = ts.utcSec;
			if (intervalMin > 0 && ts.localMin % intervalMin !== 0) {
				this.err(errors, line, p, 'interval_start', 'interval-alignment', `"${clip(rawTs)}" does not start a ${intervalMin}-minute interval in ${this.o.zone}; ${intervalMin === 1440 ? 'a daily row starts at 00:00' : `the minute must be a multiple of ${intervalMin}`}`);
			} else if (start * 1000 > this.o.nowMs) {
				this.err(errors, line, p, 'interval_start', 'future', `"${clip(rawTs)}" is in the future; history ends now`);
			} else if (start < MIN_SEC) {
				this.err(errors, line, p, 'interval_start', 'too-old', `"${clip(rawTs)}" is before 1990-01-01`);
			}
		}

		// channel and queue
		const channel = this.name('channel', ix.channel === -1 ? undefined : values[ix.channel], p, errors, line);
		const queue = this.name('queue', ix.queue === -1 ? undefined : values[ix.queue], p, errors, line);

		// counts and measures
		const offered = this.count(errors, line, p, 'offered', values[ix.offered], true);
		const answered = ix.answered === -1 ? null : this.count(errors, line, p, 'answered', values[ix.answered], false);
		const abandoned = ix.abandoned === -1 ? null : this.count(errors, line, p, 'abandoned', values[ix.abandoned], false);
		const within = ix.answered_within_target === -1 ? null : this.count(errors, line, p, 'answered_within_target', values[ix.answered_within_target], false);
		if (within !== null && answered !== null && within > answered) this.err(errors, line, p, 'answered_within_target', 'within-answered', `${within} answered within target is more than the ${answered} answered`);
		const aht = ix.aht_sec === -1 ? null : this.measure(errors, line, p, 'aht_sec', values[ix.aht_sec], 0, 86400, 'seconds, 0 to 86400');
		const wait = ix.avg_wait_sec === -1 ? null : this.measure(errors, line, p, 'avg_wait_sec', values[ix.avg_wait_sec], 0, 259200, 'seconds, 0 to 259200');
		const csat = ix.csat_avg === -1 ? null : this.measure(errors, line, p, 'csat_avg', values[ix.csat_avg], 1, 5, 'a mean rating from 1 to 5');

		if (errors.length > 0) return errors;
		const first = this.firstLine(`${channel}\u0000${queue}\u0000${intervalMin}`, start, line);
		if (first !== -1) {
			return [{ line, column: p.heading.interval_start, rule: 'duplicate', message: `${channel}/${queue} ${clip(rawTs)} (${intervalMin} min) is already on line ${first}; one row per interval and channel/queue` }];
		}
		return {
			channel: channel!,
			queue: queue!,
			interval_min: intervalMin,
			interval_start: start,
			offered: offered!,
			answered,
			abandoned,
			answered_within_target: within,
			aht_sec: aht,
			avg_wait_sec: wait,
			csat_avg: csat
		};
	}

	/**
	 * The line an interval of this series was first seen on, or -1 (and remembers it). Files are
	 * usually in time order per series: while they are, starts are only appended to arrays; the
	 * first out-of-order row builds a map for that series.
	 */
	private firstLine(key: string, start: number, line: number): number {
		let s = this.seen.get(key);
		if (!s) this.seen.set(key, (s = { last: -Infinity, starts: [], lines: [], map: null }));
		if (s.map === null) {
			if (start > s.last) {
				s.last = start;
				s.starts.push(start);
				s.lines.push(line);
				return -1;
			}
			s.map = new Map();
			for (let i = 0; i < s.starts.length; i++) s.map.set(s.starts[i], s.lines[i]);
			s.starts = [];
			s.lines = [];
		}
		const f = s.map.get(start);
		if (f !== undefined) return f;
		s.map.set(start, line);
		return -1;
	}

	private err(errors: RowError[], line: number, p: Plan, f: Field, rule: string, message: string): void {
		errors.push({ line, column: p.heading[f], rule, message });
	}

	private name(kind: 'channel' | 'queue', raw: unknown, p: Plan, errors: RowError[], line: number): string | null {
		if (p.index[kind] === -1) return this.o.defaults[kind] ?? null;
		const s = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw.trim() : String(raw).trim();
		if (s === '') {
			if (this.o.defaults[kind] !== undefined) return this.o.defaults[kind]!;
			errors.push({ line, column: p.heading[kind], rule: 'required', message: `is empty; give the ${kind}` });
			return null;
		}
		const id = this.names.get(s)?.[kind];
		if (id) return id;
		const known = (kind === 'channel' ? this.o.channels : this.o.queues).map((c) => c.id).join(', ');
		errors.push({ line, column: p.heading[kind], rule: `unknown-${kind}`, message: `"${clip(s)}" is not a configured ${kind} (${known}); map it in the request, e.g. map={"${clip(s)}": "${kind === 'channel' ? 'chat' : 'presale'}"}` });
		return null;
	}

	private count(errors: RowError[], line: number, p: Plan, f: Field, raw: unknown, required: boolean): number | null {
		const v = toNumber(raw);
		if (v === undefined) {
			if (required) this.err(errors, line, p, f, 'required', 'is empty; give a whole number ≥ 0');
			return null;
		}
		if (v === null || !Number.isInteger(v) || v < 0 || v > 1e12) {
			this.err(errors, line, p, f, 'count', `"${clip(raw)}" is not a whole number ≥ 0`);
			return null;
		}
		return v;
	}

	private measure(errors: RowError[], line: number, p: Plan, f: Field, raw: unknown, min: number, max: number, allowed: string): number | null {
		const v = toNumber(raw);
		if (v === undefined) return null;
		if (v === null || v < min || v > max) {
			this.err(errors, line, p, f, 'range', `"${clip(raw)}" is not allowed; give ${allowed}`);
			return null;
		}
		return v;
	}

	/** Offset of the zone (minutes) at a UTC instant, cached per hour. */
	private offsetAt(utcMs: number): number {
		const h = Math.floor(utcMs / 3_600_000);
		let o = this.offsets.get(h);
		if (o === undefined) {
			o = DateTime.fromMillis(h * 3_600_000, { zone: this.o.zone }).offset;
			this.offsets.set(h, o);
		}
		return o;
	}

	/** Parses an interval start; returns the UTC instant and the local minute of the day, or a message. */
	timestamp(raw: unknown): { utcSec: number; localMin: number } | string {
		if (raw === undefined || raw === null || raw === '') return 'required';
		let y: number, mo: number, d: number, h: number, mi: number, s: number;
		let offsetMin: number | null = null;
		if (raw instanceof Date) {
			// Excel cells have no zone: the reader hands the wall-clock time as a UTC Date.
			if (Number.isNaN(raw.getTime())) return 'is not a valid date';
			[y, mo, d, h, mi, s] = [raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate(), raw.getUTCHours(), raw.getUTCMinutes(), raw.getUTCSeconds() + (raw.getUTCMilliseconds() >= 500 ? 1 : 0)];
			if (s === 60) return this.timestamp(new Date(Math.round(raw.getTime() / 1000) * 1000));
		} else {
			const str = String(raw).trim();
			const m = TS_RE.exec(str);
			if (!m) return `"${clip(str)}" is not a timestamp; use YYYY-MM-DD HH:mm[:ss] (local time in ${this.o.zone}), optionally with an offset such as +08:00 or Z`;
			[y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
			[h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
			if (m[7]) {
				if (m[7] === 'Z' || m[7] === 'z') offsetMin = 0;
				else {
					const sign = m[7][0] === '-' ? -1 : 1;
					const digits = m[7].slice(1).replace(':', '');
					offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
				}
			}
			if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return `"${clip(str)}" is not a valid date and time`;
		}
		if (s !== 0) return `"${clip(raw instanceof Date ? raw.toISOString() : raw)}" has seconds; an interval starts on a whole minute`;
		const wall = Date.UTC(y, mo - 1, d, h, mi);
		let utcMs: number;
		if (offsetMin === null) {
			const guess = wall - this.offsetAt(wall) * 60_000;
			utcMs = wall - this.offsetAt(guess) * 60_000;
		} else utcMs = wall - offsetMin * 60_000;
		const localMs = utcMs + this.offsetAt(utcMs) * 60_000;
		const localMin = Math.floor((((localMs / 60_000) % 1440) + 1440) % 1440);
		return { utcSec: Math.floor(utcMs / 1000), localMin };
	}
}

const MIN_SEC = Date.UTC(1990, 0, 1) / 1000;
const TS_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.0+)?)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$/;

const DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(y: number, m: number): number {
	return m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS_IN[m - 1];
}

/** undefined = empty; null = not a number; else the number (thousands separators allowed). */
export function toNumber(raw: unknown): number | null | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
	if (typeof raw === 'string' && raw.length > 0 && raw.length < 10) {
		// fast path: plain digits
		let n = 0;
		let k = 0;
		for (; k < raw.length; k++) {
			const c = raw.charCodeAt(k) - 48;
			if (c < 0 || c > 9) break;
			n = n * 10 + c;
		}
		if (k === raw.length) return n;
	}
	const s = String(raw).trim();
	if (s === '') return undefined;
	const t = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
	if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
	return Number(t);
}

function clip(v: unknown): string {
	const s = v instanceof Date ? v.toISOString() : String(v);
	return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
