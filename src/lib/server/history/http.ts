import type { RequestEvent } from '@sveltejs/kit';
import { presentedKey } from '../auth/ingestKeys';
import { currentUser } from '../auth/guard';
import type { Runtime } from '../app/runtime';
import { guessFormat, type Encoding, type Format } from './readers';

/** Uploads larger than this are refused (the files go up to 200 MB). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

/** Who is importing: the signed-in user, or `key:<source>` for an ingest key (the guard has verified either). */
export function importer(event: RequestEvent, rt: Runtime): string {
	const u = currentUser(event);
	if (u) return u.username;
	const source = rt.keys.verify(presentedKey(event.request.headers.get('authorization')));
	return source ? `key:${source}` : 'unknown';
}

function jsonParam(url: URL, name: string): Record<string, string> | string {
	const raw = url.searchParams.get(name);
	if (raw === null || raw.trim() === '') return {};
	try {
		const v: unknown = JSON.parse(raw);
		if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
			return `${name} must be a JSON object of strings, e.g. ${name === 'map' ? '{"旺旺":"chat"}' : '{"timestamp":"interval_start"}'}`;
		}
		return v as Record<string, string>;
	} catch (e) {
		return `${name} is not valid JSON: ${(e as Error).message}`;
	}
}

export interface UploadParams {
	fileName: string;
	format: Format;
	encoding: Encoding;
	zone: string;
	map: Record<string, string>;
	columns: Record<string, string>;
	channel?: string;
	queue?: string;
	intervalMin?: number;
	id?: string;
	rowsTotal: number | null;
}

/**
 * The upload's options travel in the query string (the body is the file itself):
 * `filename, format (csv|xlsx|ndjson), encoding (auto|utf8|gbk), channel, queue, intervalMin, zone,
 * map (JSON), columns (JSON), id (to follow progress), rows (total rows, for progress)`.
 */
export function uploadParams(url: URL, contentType: string | null, defaultZone: string): UploadParams | string {
	const q = url.searchParams;
	const fileName = (q.get('filename') ?? 'upload').slice(0, 200);
	let format = q.get('format') as Format | null;
	if (format === null) {
		if (contentType?.includes('spreadsheetml')) format = 'xlsx';
		else if (contentType?.includes('ndjson')) format = 'ndjson';
		else format = guessFormat(fileName);
	}
	if (!['csv', 'xlsx', 'ndjson'].includes(format)) return `format "${format}" is not supported; use csv, xlsx or ndjson`;
	const encoding = (q.get('encoding') ?? 'auto') as Encoding;
	if (!['auto', 'utf8', 'gbk'].includes(encoding)) return `encoding "${encoding}" is not supported; use auto, utf8 or gbk`;
	const map = jsonParam(url, 'map');
	if (typeof map === 'string') return map;
	const columns = jsonParam(url, 'columns');
	if (typeof columns === 'string') return columns;
	const iv = q.get('intervalMin');
	const rows = q.get('rows');
	return {
		fileName,
		format,
		encoding,
		zone: q.get('zone') || defaultZone,
		map,
		columns,
		channel: q.get('channel') || undefined,
		queue: q.get('queue') || undefined,
		intervalMin: iv ? Number(iv) : undefined,
		id: q.get('id') || undefined,
		rowsTotal: rows && /^\d+$/.test(rows) ? Number(rows) : null
	};
}

/** The request body as bytes, refused past MAX_UPLOAD_BYTES. */
export async function* cappedBody(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
	let n = 0;
	const reader = body.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			n += value.byteLength;
			if (n > MAX_UPLOAD_BYTES) throw new Error(`the upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB; split the file`);
			yield value;
		}
	} finally {
		reader.releaseLock();
	}
}
