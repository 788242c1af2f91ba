import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
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

export function readRecords(input: AsyncIterable<Uint8Array>, o: ReadOptions): AsyncGenerator<SourceRecord> {
	const bytes = counted(input, o.onBytes);
	if (o.format === 'xlsx') return readXlsx(bytes);
	const text = decoded(bytes, o.encoding, o.onEncoding ?? (() => undefined));
	return o.format === 'ndjson' ? readNdjson(text) : readCsv(text);
}

async function* readCsv(text: AsyncGenerator<string>): AsyncGenerator<SourceRecord> {
	// The delimiter is taken from the header line: comma, or tab / semicolon when the header has no comma.
	const first = await text.next();
	if (first.done) return;
	const firstLine = first.value.split('\n', 1)[0];
	const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
	async function* all() {
		yield first.value as string;
		yield* text;
	}
	const parser = Readable.from(all()).pipe(
		parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true, trim: false })
	);
	let header: string[] | null = null;
	try {
		for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
			const line = rec.info.lines;
			if (header === null) {
				header = rec.record.map((h) => h.trim());
				continue;
			}
			if (rec.record.length === 1 && rec.record[0].trim() === '') continue;
			if (rec.record.length !== header.length) {
				yield {
					line,
					header,
					values: rec.record,
					error: { column: '', rule: 'field-count', message: `has ${rec.record.length} fields; the header has ${header.length} (${header.join(', ')})` }
				};
				continue;
			}
			yield { line, header, values: rec.record };
		}
	} catch (err) {
		const e = err as Error & { lines?: number };
		throw new FileFormatError(`the CSV cannot be read past line ${e.lines ?? '?'}: ${e.message}`, e.lines ?? 0);
	}
}

async function* readNdjson(text: AsyncGenerator<string>): AsyncGenerator<SourceRecord> {
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
		rest += chunk;
		let i: number;
		while ((i = rest.indexOf('\n')) !== -1) {
			const r = one(rest.slice(0, i));
			rest = rest.slice(i + 1);
			if (r) yield r;
		}
	}
	if (rest !== '') {
		const r = one(rest);
		if (r) yield r;
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

async function* readXlsx(bytes: AsyncGenerator<Buffer>): AsyncGenerator<SourceRecord> {
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
		entries: 'emit',
		sharedStrings: 'cache',
		styles: 'cache',
		hyperlinks: 'ignore',
		worksheets: 'emit'
	});
	let sheet = 0;
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
				yield { line: row.number, header, values: vals };
			}
		}
	} catch (err) {
		throw new FileFormatError(`the XLSX file cannot be read: ${(err as Error).message}`, 0);
	}
	if (sheet === 0) throw new FileFormatError('the XLSX file has no worksheet', 0);
}
