/**
 * Turns a request body or WebSocket message into raw event values.
 * Accepted shapes: a JSON array, one event object, an envelope {"seq": …, "events": […]}, or NDJSON.
 * A body that is not JSON at all is a ParseFailure with line/column/offset; in NDJSON a bad line is
 * reported as that event's rejection so that the good lines next to it are still stored.
 */
export interface ParsedBody {
	items: ParsedItem[];
	seq: unknown;
}

export type ParsedItem = { ok: true; value: unknown } | { ok: false; line: number; message: string };

export interface ParseFailure {
	error: string;
	line: number;
	column: number;
	offset: number;
}

export function parseBody(text: string): ParsedBody | ParseFailure {
	const trimmed = text.trim();
	if (trimmed === '') return { error: 'the body is empty; send a JSON array, an event object or NDJSON', line: 1, column: 1, offset: 0 };
	try {
		const v: unknown = JSON.parse(trimmed);
		return fromValue(v);
	} catch (err) {
		// Not one JSON document: try NDJSON (one event per line) when there is more than one line.
		const lines = text.split('\n');
		const nonEmpty = lines.filter((l) => l.trim() !== '');
		if (nonEmpty.length > 1 && trimmed.startsWith('{')) {
			const items: ParsedItem[] = [];
			let good = 0;
			lines.forEach((line, i) => {
				if (line.trim() === '') return;
				try {
					items.push({ ok: true, value: JSON.parse(line) });
					good++;
				} catch (e) {
					items.push({ ok: false, line: i + 1, message: `line ${i + 1} is not valid JSON: ${(e as Error).message}` });
				}
			});
			if (good > 0) return { items, seq: undefined };
		}
		return locate(text, (err as Error).message);
	}
}

function fromValue(v: unknown): ParsedBody | ParseFailure {
	if (Array.isArray(v)) return { items: v.map((value) => ({ ok: true, value })), seq: undefined };
	if (typeof v === 'object' && v !== null) {
		const o = v as Record<string, unknown>;
		if (Array.isArray(o.events)) return { items: o.events.map((value) => ({ ok: true, value })), seq: o.seq };
		if ('events' in o) return { error: '"events" must be an array of events', line: 1, column: 1, offset: 0 };
		return { items: [{ ok: true, value: o }], seq: o.seq };
	}
	return { error: `expected a JSON array, an event object or NDJSON, got ${v === null ? 'null' : typeof v}`, line: 1, column: 1, offset: 0 };
}

/**
 * Finds the line/column of a JSON syntax error. V8 on Node 20 does not always report a position,
 * so we scan for it ourselves (only on the error path).
 */
function locate(text: string, message: string): ParseFailure {
	const offset = firstSyntaxError(text);
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	const column = offset - before.lastIndexOf('\n');
	return { error: `the body is not valid JSON or NDJSON: ${message}`, line, column, offset };
}

/** Offset of the first JSON syntax error in `text` (text.length when it ends too early). */
export function firstSyntaxError(text: string): number {
	let i = 0;
	const n = text.length;
	const ws = () => {
		while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
	};
	class Stop extends Error {}
	const fail = (): never => {
		throw new Stop();
	};
	const value = (): void => {
		ws();
		if (i >= n) fail();
		const c = text[i];
		if (c === '{') {
			i++;
			ws();
			if (text[i] === '}') return void i++;
			for (;;) {
				ws();
				if (text[i] !== '"') fail();
				str();
				ws();
				if (text[i] !== ':') fail();
				i++;
				value();
				ws();
				if (text[i] === ',') i++;
				else if (text[i] === '}') return void i++;
				else fail();
			}
		}
		if (c === '[') {
			i++;
			ws();
			if (text[i] === ']') return void i++;
			for (;;) {
				value();
				ws();
				if (text[i] === ',') i++;
				else if (text[i] === ']') return void i++;
				else fail();
			}
		}
		if (c === '"') return str();
		const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|^true|^false|^null/.exec(text.slice(i, i + 400));
		if (!m) fail();
		i += m![0].length;
	};
	const str = () => {
		i++;
		while (i < n && text[i] !== '"') {
			if (text[i] === '\\') i++;
			else if (text.charCodeAt(i) < 0x20) fail();
			i++;
		}
		if (i >= n) fail();
		i++;
	};
	try {
		value();
		ws();
		return i < n ? i : n;
	} catch (e) {
		if (e instanceof Stop) return Math.min(i, n);
		throw e;
	}
}
