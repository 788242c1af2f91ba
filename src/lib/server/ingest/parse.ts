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

/**
 * Offset of the first JSON syntax error in `text` (text.length when it ends too early).
 * Iterative, with an explicit stack of open containers: a body of 100 000 `[` is located in linear
 * time and cannot overflow the call stack (issue 24: a recursive locator let one WebSocket frame
 * of `'['.repeat(8000)` end the process).
 */
export function firstSyntaxError(text: string): number {
	const n = text.length;
	let i = 0;
	/** open containers: '[' or '{' */
	const stack: string[] = [];
	const ws = () => {
		while (i < n) {
			const c = text.charCodeAt(i);
			if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
			else break;
		}
	};
	/** scans a string starting at text[i] === '"'; false when it is malformed or unterminated */
	const str = (): boolean => {
		i++;
		while (i < n && text[i] !== '"') {
			if (text[i] === '\\') i++;
			else if (text.charCodeAt(i) < 0x20) return false;
			i++;
		}
		if (i >= n) return false;
		i++;
		return true;
	};
	const SCALAR = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/;
	// state: expecting a value
	for (;;) {
		// ---- a value
		ws();
		if (i >= n) return n;
		const c = text[i];
		if (c === '{') {
			i++;
			ws();
			if (text[i] === '}') {
				i++;
			} else {
				stack.push('{');
				// expect a key
				if (text[i] !== '"' || !str()) return Math.min(i, n);
				ws();
				if (text[i] !== ':') return Math.min(i, n);
				i++;
				continue; // the member's value
			}
		} else if (c === '[') {
			i++;
			ws();
			if (text[i] === ']') i++;
			else {
				stack.push('[');
				continue; // the first element
			}
		} else if (c === '"') {
			if (!str()) return Math.min(i, n);
		} else {
			const m = SCALAR.exec(text.slice(i, i + 400));
			if (!m) return i;
			i += m[0].length;
		}
		// ---- after a complete value: close containers or move to the next member/element
		for (;;) {
			ws();
			if (stack.length === 0) return i < n ? i : n;
			const top = stack[stack.length - 1];
			if (i >= n) return n;
			if (text[i] === ',') {
				i++;
				if (top === '{') {
					ws();
					if (text[i] !== '"' || !str()) return Math.min(i, n);
					ws();
					if (text[i] !== ':') return Math.min(i, n);
					i++;
				}
				break; // next value
			}
			if ((top === '[' && text[i] === ']') || (top === '{' && text[i] === '}')) {
				i++;
				stack.pop();
				continue;
			}
			return i;
		}
	}
}
