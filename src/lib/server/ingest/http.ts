import { presentedKey, type IngestKeys } from '../auth/ingestKeys';
import { parseBody } from './parse';
import { OverloadedError, type IngestService } from './service';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * POST /api/v1/events. Reads the body with a hard size cap (the Content-Length is not trusted),
 * answers only after the durable write; 400/401/413/503 as in docs/events.md.
 */
export async function handleIngestPost(
	request: Request,
	deps: { ingest: IngestService; keys: IngestKeys; maxBodyBytes: number }
): Promise<Response> {
	const source = deps.keys.verify(presentedKey(request.headers.get('authorization')));
	if (!source) return json(401, { error: 'missing or unknown ingest key: send Authorization: Bearer <key>' });
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > deps.maxBodyBytes) {
		return json(413, { error: `body is ${declared} bytes; at most ${deps.maxBodyBytes} allowed (ingest.maxBodyBytes): split the batch` });
	}
	const text = await readCapped(request, deps.maxBodyBytes);
	if (text === null) {
		// no `connection: close`: the rest of the body is drained in the background (readCapped), so a sender
		// still writing sees the 413 instead of a broken pipe when the server closed under its writes
		return json(413, { error: `body is larger than ${deps.maxBodyBytes} bytes (ingest.maxBodyBytes): split the batch` });
	}
	const parsed = parseBody(text);
	if ('error' in parsed) return json(400, parsed);
	try {
		const result = await deps.ingest.submit(parsed.items, source);
		return json(200, parsed.seq === undefined ? result : { seq: parsed.seq, ...result });
	} catch (err) {
		if (err instanceof OverloadedError) {
			return json(503, { error: err.message }, { 'retry-after': String(err.retryAfterSec) });
		}
		return json(503, { error: `not stored: ${(err as Error).message}; resend these events` }, { 'retry-after': '5' });
	}
}

async function readCapped(request: Request, max: number): Promise<string | null> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > max) {
			// Cancelling would destroy the socket before the 413 reaches the sender (a chunked upload
			// then saw a reset, not the answer). Read on and discard in the background, bounded, so the
			// answer is delivered and the connection stays usable; past the budget the socket is dropped.
			void discardRest(reader, max * 4, Date.now() + 30_000);
			return null;
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** Reads and drops what is left of an over-cap body, up to `budget` bytes or the deadline, then cancels. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number, deadline: number): Promise<void> {
	try {
		let left = budget;
		for (;;) {
			if (left <= 0 || Date.now() > deadline) break;
			const { done, value } = await reader.read();
			if (done) return;
			left -= value.byteLength;
		}
	} catch {
		return; // the sender went away
	}
	await reader.cancel().catch(() => undefined);
}
