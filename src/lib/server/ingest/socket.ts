import type { WebSocket } from 'ws';
import { presentedKey, type IngestKeys } from '../auth/ingestKeys';
import type { WsRoute } from '../ws/hub';
import { parseBody } from './parse';
import { OverloadedError, type IngestService } from './service';

export const INGEST_STREAM_PATH = '/api/v1/events/stream';

/** Unacknowledged messages one connection may have in flight before we stop reading from it. */
const MAX_INFLIGHT_PER_SOCKET = 32;
/** Answers queued to a client that does not read them; past this the client is dropped. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * WebSocket ingest: every text message is one event, an array, NDJSON or `{seq, events}`; each is
 * answered with `{seq, accepted, duplicates, rejected}` after the durable write. Memory per client
 * is bounded: past MAX_INFLIGHT_PER_SOCKET unanswered messages the socket is paused (TCP
 * backpressure reaches the sender), frames over ingest.maxFrameBytes close it with 1009.
 */
export function ingestSocketRoute(deps: {
	ingest: IngestService;
	keys: IngestKeys;
	maxFrameBytes: number;
	log: (m: string) => void;
	/** access control's decision for upgrades (AccessControl.authorizeUpgrade: the same policy as HTTP); the principal is the source */
	authorize?: WsRoute['authorize'];
}): WsRoute {
	return {
		path: INGEST_STREAM_PATH,
		maxPayload: deps.maxFrameBytes,
		authorize(req, url) {
			if (deps.authorize) return deps.authorize(req, url);
			const source = deps.keys.verify(presentedKey(req.headers.authorization, url));
			if (!source) return { status: 401, message: 'missing or unknown ingest key: send Authorization: Bearer <key>' };
			return { ok: true, principal: source };
		},
		onConnection(ws: WebSocket, source: string) {
			let inflight = 0;
			const raw = (ws as unknown as { _socket?: { pause(): void; resume(): void } })._socket;
			const send = (obj: unknown) => {
				if (ws.readyState !== ws.OPEN) return;
				if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
					ws.terminate(); // the client stopped reading its answers
					return;
				}
				ws.send(JSON.stringify(obj));
			};
			ws.on('message', (data, isBinary) => {
				if (isBinary) {
					// The contract (docs/events.md) says text frames carrying JSON; 1003 = unsupported data (RFC 6455 §7.4.1).
					ws.close(1003, 'binary frames are not accepted; send JSON as text frames');
					return;
				}
				const text = data.toString();
				inflight++;
				if (inflight >= MAX_INFLIGHT_PER_SOCKET) raw?.pause();
				void handle(text)
					.catch((err: Error) => {
						// handle() answers every expected failure itself; anything else is a bug, logged and answered, never a crash.
						deps.log(`ingest socket (${source}): unexpected error: ${err?.stack ?? err}`);
						return { error: 'internal error while handling this message; it may not have been stored: resend it (a resend of stored events is answered as duplicates)', retryAfterSec: 5 };
					})
					.then(send)
					.finally(() => {
						inflight--;
						if (inflight < MAX_INFLIGHT_PER_SOCKET) raw?.resume();
					});
			});
			ws.on('error', (err) => deps.log(`ingest socket (${source}): ${err.message}`));

			async function handle(text: string): Promise<unknown> {
				const parsed = parseBody(text);
				if ('error' in parsed) return { error: parsed.error, line: parsed.line, column: parsed.column, offset: parsed.offset };
				const seq = parsed.seq;
				try {
					const r = await deps.ingest.submit(parsed.items, source);
					return seq === undefined ? r : { seq, ...r };
				} catch (err) {
					if (err instanceof OverloadedError) return { seq, error: err.message, retryAfterSec: err.retryAfterSec };
					return { seq, error: `not stored: ${(err as Error).message}; resend these events`, retryAfterSec: 5 };
				}
			}
		}
	};
}
