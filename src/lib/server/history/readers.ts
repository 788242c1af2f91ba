import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * Streaming readers for history files: CSV (UTF-8 with or without BOM, or GBK — what Chinese Excel
 * writes), XLSX (first worksheet) and NDJSON. Each yields one record per data row with the header it
 * belongs to; nothing holds the whole file (files up to 200 MB are uploaded).
 */

export type Format = 'csv' | 'xlsx' | 'ndjson';
export type Encoding = 'auto' | 'utf8' | 'gbk';

export interface SourceRecord {
	/** CSV/NDJSON: line in the file; XLSX: row number */
	line: number;
	header: readonly string[];
	values: unknown[];
	/** a row that could not be read at all (bad JSON line, wrong number of CSV fields) */
	error?: { column: string; rule: string; message: string };
}

/** The file cannot be read further (broken CSV quoting, not an XLSX, …). */
export class FileFormatError extends Error {
	constructor(
		message: string,
		readonly line: number
	) {
		super(message);
		this.name = 'FileFormatError';
	}
}

/** Counts bytes as they pass (progress) and caps the total. */
async function* counted(input: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
	for await (const chunk of input) {
		onBytes(chunk.byteLength);
		yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	}
}

/** Guesses the format from the file name, falling back to the first bytes. */
export function guessFormat(fileName: string, head?: Uint8Array): Format {
	const n = fileName.toLowerCase();
	if (n.endsWith('.xlsx')) return 'xlsx';
	if (n.endsWith('.ndjson') || n.endsWith('.jsonl') || n.endsWith('.json')) return 'ndjson';
	if (head && head[0] === 0x50 && head[1] === 0x4b) return 'xlsx'; // "PK": a zip container
	if (head && head[0] === 0x7b) return 'ndjson';
	return 'csv';
}

/** UTF-8 when the bytes are valid UTF-8 (or start with its BOM), else GBK. */
export function detectEncoding(head: Buffer): 'utf8' | 'gbk' {
	if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
	// a multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes
	let end = head.length;
	for (let k = 0; k < 3 && end > 0 && (head[end - 1] & 0xc0) === 0x80; k++) end--;
	if (end > 0 && head[end - 1] >= 0xc0) end--;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
		return 'utf8';
	} catch {
		return 'gbk';
	}
}

/** Decoded text chunks; the encoding is decided on the first 64 KiB. */
async function* decoded(bytes: AsyncIterable<Buffer>, encoding: Encoding, chosen: (e: string) => void): AsyncGenerator<string> {
	const it = bytes[Symbol.asyncIterator]();
	const head: Buffer[] = [];
	let size = 0;
	let done = false;
	while (size < 65536) {
		const r = await it.next();
		if (r.done) {
			done = true;
			break;
		}
		head.push(r.value);
		size += r.value.length;
	}
	const first = Buffer.concat(head);
	const enc = encoding === 'auto' ? detectEncoding(first) : encoding;
	chosen(enc);
	const dec = iconv.getDecoder(enc === 'gbk' ? 'gb18030' : 'utf8');
	const s = dec.write(first);
	if (s) yield s;
	while (!done) {
		const r = await it.next();
		if (r.done) break;
		const t = dec.write(r.value);
		if (t) yield t;
	}
	const tail = dec.end();
	if (tail) yield tail;
}

export interface ReadOptions {
	format: Format;
	encoding: Encoding;
	onBytes: (n: number) => void;
	/** the encoding used (CSV/NDJSON), once decided */
	onEncoding?: (e: string) => void;
}

/** Records in batches (one batch per decoded chunk, or per 1 000 XLSX rows). */
export function readRecords(input: AsyncIterable<Uint8Array>, o: ReadOptions): AsyncGenerator<SourceRecord[]> {
	const bytes = counted(input, o.onBytes);
	if (o.format === 'xlsx') return readXlsx(bytes);
	const text = decoded(bytes, o.encoding, o.onEncoding ?? (() => undefined));
	return o.format === 'ndjson' ? readNdjson(text) : readCsv(text);
}

/**
 * Splits one CSV record (RFC 4180: quoted fields, "" for a quote inside, delimiters and newlines
 * inside quotes). The line splitter below hands over whole records, so quotes are always balanced.
 */
export function splitCsvRecord(rec: string, delimiter: string): string[] {
	if (rec.indexOf('"') === -1) return rec.split(delimiter);
	const out: string[] = [];
	let i = 0;
	const n = rec.length;
	for (;;) {
		if (rec[i] === '"') {
			let v = '';
			i++;
			for (;;) {
				const q = rec.indexOf('"', i);
				if (q === -1) {
					v += rec.slice(i);
					i = n;
					break;
				}
				v += rec.slice(i, q);
				if (rec[q + 1] === '"') {
					v += '"';
					i = q + 2;
				} else {
					i = q + 1;
					break;
				}
			}
			// anything between the closing quote and the delimiter is kept (lenient, like Excel)
			const d = rec.indexOf(delimiter, i);
			v += d === -1 ? rec.slice(i) : rec.slice(i, d);
			out.push(v);
			if (d === -1) return out;
			i = d + delimiter.length;
		} else {
			const d = rec.indexOf(delimiter, i);
			if (d === -1) {
				out.push(rec.slice(i));
				return out;
			}
			out.push(rec.slice(i, d));
			i = d + delimiter.length;
		}
	}
}

/**
 * CSV, streamed: whole lines are cut from the decoded text (a line with an odd number of quotes
 * continues on the next one: a newline inside a quoted field), then split. Yields batches of
 * records so the per-row cost stays a plain loop (csv-parse through async iteration measured
 * ~80 k rows/s here, too slow for a 1.1 M-row file in a minute; it is the oracle in the unit tests).
 */
async function* readCsv(text: AsyncGenerator<string>): AsyncGenerator<SourceRecord[]> {
	let header: string[] | null = null;
	let delimiter = ',';
	let rest = '';
	let line = 0; // lines consumed so far
	let pending = ''; // an unfinished quoted record
	let pendingStart = 0;
	let pendingQuotes = 0;
	const take = (out: SourceRecord[], raw: string, startLine: number) => {
		const rec = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		if (header === null) {
			const h = rec.charCodeAt(0) === 0xfeff ? rec.slice(1) : rec;
			if (h.trim() === '') return;
			delimiter = h.includes(',') ? ',' : h.includes('\t') ? '\t' : h.includes(';') ? ';' : ',';
			header = splitCsvRecord(h, delimiter).map((x) => x.trim());
			return;
		}
		if (rec.trim() === '') return;
		const values = splitCsvRecord(rec, delimiter);
		if (values.length !== header.length) {
			out.push({
				line: startLine,
				header,
				values,
				error: { column: '', rule: 'field-count', message: `has ${values.length} fields; the header has ${header.length} (${header.join(', ')})` }
			});
		} else out.push({ line: startLine, header, values });
	};
	const quotes = (s: string) => {
		let c = 0;
		for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) c++;
		return c;
	};
	const lines = (chunk: string, final: boolean): SourceRecord[] => {
		const out: SourceRecord[] = [];
		let text = rest + chunk;
		let from = 0;
		for (;;) {
			const nl = text.indexOf('\n', from);
			if (nl === -1) break;
			const l = text.slice(from, nl);
			from = nl + 1;
			line++;
			if (pending !== '' || pendingQuotes > 0) {
				pending += `\n${l}`;
				pendingQuotes += quotes(l);
				if (pendingQuotes % 2 === 0) {
					take(out, pending, pendingStart);
					pending = '';
					pendingQuotes = 0;
				}
				continue;
			}
			if (l.indexOf('"') !== -1) {
				const q = quotes(l);
				if (q % 2 === 1) {
					pending = l;
					pendingStart = line;
					pendingQuotes = q;
					continue;
				}
			}
			take(out, l, line);
		}
		rest = text.slice(from);
		text = '';
		if (final) {
			if (rest !== '' || pending !== '') {
				line++;
				if (pending !== '') {
					if (rest !== '') pending += `\n${rest}`;
					throw new FileFormatError(`line ${pendingStart}: a quoted field is never closed (a " is missing)`, pendingStart);
				}
				take(out, rest, line);
				rest = '';
			}
		}
		return out;
	};
	for await (const chunk of text) {
		const out = lines(chunk, false);
		if (out.length > 0) yield out;
	}
	const out = lines('', true);
	if (out.length > 0) yield out;
}

async function* readNdjson(text: AsyncGenerator<string>): AsyncGenerator<SourceRecord[]> {
	let rest = '';
	let line = 0;
	const one = (s: string): SourceRecord | null => {
		line++;
		const t = s.trim();
		if (t === '') return null;
		try {
			const v: unknown = JSON.parse(t.charCodeAt(0) === 0xfeff ? t.slice(1) : t);
			if (typeof v !== 'object' || v === null || Array.isArray(v)) {
				return { line, header: [], values: [], error: { column: '', rule: 'json', message: 'is not a JSON object; one object per line' } };
			}
			const keys = Object.keys(v);
			return { line, header: keys, values: keys.map((k) => (v as Record<string, unknown>)[k]) };
		} catch (e) {
			return { line, header: [], values: [], error: { column: '', rule: 'json', message: `is not valid JSON: ${(e as Error).message}` } };
		}
	};
	for await (const chunk of text) {
		const text = rest + chunk;
		const out: SourceRecord[] = [];
		let from = 0;
		for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', from)) {
			const r = one(text.slice(from, i));
			from = i + 1;
			if (r) out.push(r);
		}
		rest = text.slice(from);
		if (out.length > 0) yield out;
	}
	if (rest !== '') {
		const r = one(rest);
		if (r) yield [r];
	}
}

/** A cell as a plain value: rich text, formulas, hyperlinks and errors flattened. */
function cellValue(v: unknown): unknown {
	if (v === null || v === undefined) return undefined;
	if (v instanceof Date || typeof v !== 'object') return v;
	const o = v as Record<string, unknown>;
	if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
	if ('result' in o) return cellValue(o.result);
	if ('text' in o) return cellValue(o.text);
	if ('error' in o) return undefined;
	return String(v);
}

async function* readXlsx(bytes: AsyncGenerator<Buffer>): AsyncGenerator<SourceRecord[]> {
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
		entries: 'emit',
		sharedStrings: 'cache',
		styles: 'cache',
		hyperlinks: 'ignore',
		worksheets: 'emit'
	});
	let sheet = 0;
	let batch: SourceRecord[] = [];
	try {
		for await (const ws of reader) {
			sheet++;
			let header: string[] | null = null;
			for await (const row of ws) {
				if (sheet > 1) continue; // only the first worksheet is read; the others are skipped
				const vals = (row.values as unknown[]).slice(1).map(cellValue);
				if (vals.every((v) => v === undefined || v === '')) continue;
				if (header === null) {
					header = vals.map((v) => (v === undefined ? '' : String(v).trim()));
					continue;
				}
				while (vals.length < header.length) vals.push(undefined);
				batch.push({ line: row.number, header, values: vals });
				if (batch.length >= 1000) {
					yield batch;
					batch = [];
				}
			}
		}
		if (batch.length > 0) yield batch;
	} catch (err) {
		throw new FileFormatError(`the XLSX file cannot be read: ${(err as Error).message}`, 0);
	}
	if (sheet === 0) throw new FileFormatError('the XLSX file has no worksheet', 0);
}
