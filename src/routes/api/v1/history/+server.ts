import type { RequestHandler } from './$types';
import { MAX_UPLOAD_BYTES, cappedBody, importer, json, uploadParams } from '$lib/server/history/http';

/**
 * POST /api/v1/history — import an interval-history file (CSV, GBK or UTF-8; XLSX; NDJSON), streamed.
 * Validated whole first; stored whole or not at all (docs/decisions/0013-history-import.md).
 * 200 {id, rows, series, …}; 400 {error, errors: [{line, column, rule, message}] (first 100), totalErrors};
 * 409 while another import runs; 413 over 256 MiB; 503 when storage failed (nothing stored).
 */
export const POST: RequestHandler = async (event) => {
	const rt = event.locals.runtime;
	const { request, url } = event;
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
		return json(413, { error: `the file is ${declared} bytes; at most ${MAX_UPLOAD_BYTES} allowed: split it by date range` });
	}
	const p = uploadParams(url, request.headers.get('content-type'), rt.config.timezone);
	if (typeof p === 'string') return json(400, { error: p, errors: [], totalErrors: 0 });
	if (!request.body) {
		// adapter-node hands no body to a request without a Content-Type
		return json(400, { error: 'no file received: send the file as the request body with a Content-Type (e.g. text/csv or application/octet-stream)', errors: [], totalErrors: 0 });
	}
	const result = await rt.history.import(cappedBody(request.body), {
		id: p.id,
		fileName: p.fileName,
		format: p.format,
		encoding: p.encoding,
		bytesTotal: Number.isFinite(declared) ? declared : null,
		rowsTotal: p.rowsTotal,
		importedBy: importer(event, rt),
		options: {
			zone: p.zone,
			channels: rt.config.channels,
			queues: rt.config.queues,
			map: p.map,
			columns: p.columns,
			defaults: { channel: p.channel, queue: p.queue, interval_min: p.intervalMin },
			nowMs: rt.now()
		}
	});
	if (result.ok) return json(200, result);
	const { status, ...body } = result;
	return json(status, body);
};
