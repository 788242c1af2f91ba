import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { getRuntime, startRuntime } from '$lib/server/app/runtime';
import { guardRequest } from '$lib/server/auth/guard'; // --- access control

/** Start-up work: config, storage, migrations, live state (skipped while `vite build` analyses routes). */
export const init: ServerInit = async () => {
	if (building) return;
	await startRuntime();
};

/** Paths authenticated by a bearer ingest key, which browsers never attach: no origin check. */
const BEARER_PATHS = ['/api/v1/events'];
/** History imports (files up to 200 MB, streamed): an ingest key or a planner's session (docs/decisions/0013). */
const UPLOAD_PATHS = ['/api/v1/history'];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_BODY_BYTES = 1024 * 1024;

/** Thin: only delegates. */
export const handle: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	// the services and the request's identity travel on `locals` (typed in src/app.d.ts); routes read
	// `locals.runtime` and `locals.principal` instead of reaching for a module-level singleton
	event.locals.runtime = await getRuntime();
	event.locals.principal = null;
	// a proxy's X-Request-Id is kept when it is a plain token (it goes into log lines), else a new id
	const forwardedId = request.headers.get('x-request-id');
	event.locals.requestId = forwardedId && /^[\w.-]{1,64}$/.test(forwardedId) ? forwardedId : randomUUID();
	const isUploadPath = UPLOAD_PATHS.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
	// A history upload with a key is a machine client like the ingest API; with a session it is a page: origin-checked.
	const isBearerPath =
		BEARER_PATHS.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`)) || (isUploadPath && request.headers.has('authorization'));
	// Every body but the ingest API's and the history uploads' (which cap their own) is small.
	if (!isBearerPath && !isUploadPath && Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
		return new Response(JSON.stringify({ error: `request body over ${MAX_BODY_BYTES} bytes` }), {
			status: 413,
			headers: { 'content-type': 'application/json' }
		});
	}
	if (UNSAFE.has(request.method) && !isBearerPath) {
		const origin = request.headers.get('origin');
		if (origin !== url.origin) {
			return new Response(
				JSON.stringify({ error: `cross-origin ${request.method} refused: Origin ${origin ?? '(none)'} is not ${url.origin}` }),
				{ status: 403, headers: { 'content-type': 'application/json' } }
			);
		}
	}
	// --- access control: who may do what, for every page, endpoint, form action and data request
	// (src/lib/server/auth/policy.ts; WebSocket upgrades use the same policy, docs/decisions/0007)
	const refused = guardRequest(event);
	if (refused) return refused;
	// --- end access control
	const lang = event.cookies.get('lang') === 'en' ? 'en' : 'zh-CN';
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
};

/** Unexpected errors are logged with context and an id; the browser sees only the id. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const errorId = event.locals.requestId ?? randomUUID();
	if (status !== 404) {
		const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
		const log = event.locals.runtime?.log;
		if (log) log.error(`request failed: ${event.request.method} ${event.url.pathname}: ${detail}`, { requestId: errorId });
		else console.error(`[error ${errorId}] ${event.request.method} ${event.url.pathname}:`, error);
	}
	return { message: status === 404 ? message : 'Internal error', errorId };
};
