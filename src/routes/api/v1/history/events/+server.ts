import type { RequestHandler } from './$types';
import { importOldEvents } from '$lib/server/history/events';
import { importer, json } from '$lib/server/history/http';
import { parseBody } from '$lib/server/ingest/parse';

const MAX_EVENTS_BYTES = 32 * 1024 * 1024;

/**
 * POST /api/v1/history/events — v1 events of any age (the ingest contract, docs/events.md), for
 * storage and the per-minute aggregates only: the live state and alerts never see them.
 * All-or-nothing per request; 200 {accepted, duplicates}; 400 {rejected: [...]} with nothing stored.
 */
export const POST: RequestHandler = async (event) => {
	const rt = event.locals.runtime;
	const { request } = event;
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > MAX_EVENTS_BYTES) {
		return json(413, { error: `body is ${declared} bytes; at most ${MAX_EVENTS_BYTES} per request: split the events into several requests` });
	}
	const buf = Buffer.from(await request.arrayBuffer());
	if (buf.byteLength > MAX_EVENTS_BYTES) return json(413, { error: `body is larger than ${MAX_EVENTS_BYTES} bytes: split the events into several requests` });
	const parsed = parseBody(buf.toString('utf8'));
	if ('error' in parsed) return json(400, parsed);
	const who = importer(event, rt);
	try {
		const r = await importOldEvents({ client: rt.storage.heavy, config: rt.config, seen: rt.seen, nowMs: rt.now(), now: rt.now }, parsed.items, who.startsWith('key:') ? who.slice(4) : `import:${who}`);
		if (r.rejected.length > 0) {
			const bad = new Set(r.rejected.map((x) => x.index)).size;
			return json(400, { error: `${bad} event${bad === 1 ? '' : 's'} refused; nothing was stored: fix them and send the request again`, accepted: 0, duplicates: 0, rejected: r.rejected.slice(0, 100), totalRejected: r.rejected.length });
		}
		return json(200, r);
	} catch (err) {
		return json(503, { error: `not stored: ${(err as Error).message}; send the events again` }, { 'retry-after': '5' });
	}
};
