import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';

/**
 * Uploads one history file to a running server (POST /api/v1/history), streamed from disk, and
 * reports progress: bytes sent as they go, rows validated from the server's progress endpoint.
 * Shared by `npm run import:history` and `npm run bench:import`.
 */
export interface UploadOptions {
	url: string;
	key: string;
	file: string;
	channel?: string;
	queue?: string;
	intervalMin?: number;
	zone?: string;
	encoding?: string;
	format?: string;
	map?: Record<string, string>;
	columns?: Record<string, string>;
}

export interface UploadProgress {
	bytesSent: number;
	bytesTotal: number;
	rowsDone: number;
	rowsTotal: number | null;
	phase: string;
}

export interface UploadAnswer {
	status: number;
	body: Record<string, unknown>;
}

/** Data rows of a CSV / NDJSON file (lines that are not empty, minus the CSV header); null for XLSX. */
export async function countRows(file: string): Promise<number | null> {
	if (file.toLowerCase().endsWith('.xlsx')) return null;
	let n = 0;
	const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
	for await (const line of rl) if (line.trim() !== '') n++;
	return file.toLowerCase().match(/\.(ndjson|jsonl|json)$/) ? n : Math.max(0, n - 1);
}

export async function uploadHistory(o: UploadOptions, onProgress: (p: UploadProgress) => void = () => undefined): Promise<UploadAnswer> {
	const bytesTotal = statSync(o.file).size;
	const rowsTotal = await countRows(o.file);
	const id = randomUUID();
	const q = new URLSearchParams({ filename: basename(o.file), id });
	if (rowsTotal !== null) q.set('rows', String(rowsTotal));
	for (const [k, v] of Object.entries({ channel: o.channel, queue: o.queue, intervalMin: o.intervalMin, zone: o.zone, encoding: o.encoding, format: o.format })) {
		if (v !== undefined && v !== '') q.set(k, String(v));
	}
	if (o.map) q.set('map', JSON.stringify(o.map));
	if (o.columns) q.set('columns', JSON.stringify(o.columns));
	const p: UploadProgress = { bytesSent: 0, bytesTotal, rowsDone: 0, rowsTotal, phase: 'uploading' };
	const stream = createReadStream(o.file, { highWaterMark: 256 * 1024 });
	stream.on('data', (c) => (p.bytesSent += c.length));
	const base = o.url.replace(/\/+$/, '');
	let done = false;
	const poll = (async () => {
		while (!done) {
			await new Promise((r) => setTimeout(r, 500));
			if (done) break;
			try {
				const r = await fetch(`${base}/api/v1/history/imports/${id}`, { headers: { authorization: `Bearer ${o.key}` } });
				if (r.ok) {
					const s = (await r.json()) as { rowsDone: number; phase: string };
					p.rowsDone = s.rowsDone;
					p.phase = s.phase;
				}
			} catch {
				/* the server is busy or gone: the upload itself will say */
			}
			onProgress({ ...p });
		}
	})();
	try {
		const r = await fetch(`${base}/api/v1/history?${q}`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${o.key}`,
				'content-type': o.file.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/octet-stream',
				'content-length': String(bytesTotal)
			},
			body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
			duplex: 'half'
		} as RequestInit & { duplex: 'half' });
		const text = await r.text();
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(text) as Record<string, unknown>;
		} catch {
			body = { error: text.slice(0, 500) };
		}
		// one last line with the outcome, however fast the import was (a small file can finish before
		// the first poll): the user always sees how many rows were checked
		done = true;
		await poll;
		p.phase = r.ok ? 'stored' : 'refused';
		if (typeof body.rowsChecked === 'number') p.rowsDone = body.rowsChecked;
		else if (r.ok && typeof body.rows === 'number' && rowsTotal !== null) p.rowsDone = rowsTotal;
		onProgress({ ...p });
		return { status: r.status, body };
	} finally {
		done = true;
		await poll;
	}
}
