import { error, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { presentedKey, type IngestKeys } from './ingestKeys';
import { decide, isApiPath, normalisePath, requirementFor } from './policy';
import { BOARD_COOKIE, SESSION_COOKIE, type AccessControl, type BoardPrincipal, type UserPrincipal } from './service';

/**
 * The HTTP side of access control, called from `handle` in src/hooks.server.ts for every request
 * (pages, `+server` endpoints, form actions, data requests). Returns a Response to send instead of
 * the route's, throws a Kit redirect/error, or returns null to let the request through.
 * Refusals: API paths answer 401/403 JSON; pages redirect to /login?next=… (401) or show 403.
 */
export function guardRequest(event: RequestEvent): Response | null {
	const rt = event.locals.runtime;
	return guard(rt.access, rt.keys, event);
}

/** The signed-in user of this request (`locals.principal`, set by the guard), or null. */
export function currentUser(event: Pick<RequestEvent, 'locals'>): UserPrincipal | null {
	const p = event.locals.principal;
	return p?.kind === 'user' ? p : null;
}

/** The board token of this request, or null. */
export function currentBoard(event: Pick<RequestEvent, 'locals'>): BoardPrincipal | null {
	const p = event.locals.principal;
	return p?.kind === 'board' ? p : null;
}

/** The user, or a 401 for code paths that must never run without one (belt and braces behind the guard). */
export function requireUser(event: Pick<RequestEvent, 'locals'>): UserPrincipal {
	const u = currentUser(event);
	if (!u) error(401, 'sign in first');
	return u;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function guard(access: AccessControl, keys: IngestKeys, event: RequestEvent): Response | null {
	const { request, url, cookies } = event;
	const method = request.method.toUpperCase();
	const path = normalisePath(url.pathname);
	const need = requirementFor(method, path, 'http');
	// Paths that take an ingest key (and, for history imports, a session too): a request carrying
	// Authorization is judged by its key alone; one without, by its session.
	const keyPath = need.includes('ingestKey');
	const ingestPath = keyPath && (need.every((c) => c === 'ingestKey') || request.headers.has('authorization'));

	// The hook's 1 MiB cap reads Content-Length; a chunked body has none, and adapter-node would read
	// it up to BODY_SIZE_LIMIT (set high for ingest). Outside the ingest API no client needs one.
	if (UNSAFE.has(method) && !keyPath && request.headers.has('transfer-encoding') && !request.headers.has('content-length')) {
		return json(411, { error: 'send a Content-Length: bodies without one are accepted only on the ingest API' });
	}

	// A kiosk opens /wallboard?token=…: keep the token in an httpOnly cookie (the page's WebSocket
	// sends it too) and take it out of the address bar, history and Referer at once.
	if (path === '/wallboard' && url.searchParams.has('token')) {
		const board = access.boardFromToken(url.searchParams.get('token'));
		if (board) setCookie(cookies, url, BOARD_COOKIE, url.searchParams.get('token')!, 400 * 86400);
		const clean = new URL(url);
		clean.searchParams.delete('token');
		redirect(303, clean.pathname + clean.search);
	}

	const sessionCookie = ingestPath ? undefined : cookies.get(SESSION_COOKIE);
	const user = ingestPath ? null : access.userFromSession(sessionCookie);
	const board = need.includes('board') ? access.boardFromToken(cookies.get(BOARD_COOKIE)) : null;
	const ingestKey = ingestPath && keys.verify(presentedKey(request.headers.get('authorization'))) !== null;
	const v = decide(method, path, 'http', { user, board: board !== null, ingestKey }, { usersExist: access.usersExist() });
	if (v.allow) {
		event.locals.principal = user ?? board;
		return null;
	}
	if (sessionCookie && !user) cookies.delete(SESSION_COOKIE, { path: '/' }); // ended or expired: stop sending it

	if (isApiPath(path)) {
		if (v.reason === 'ingest-key') return json(401, { error: 'missing or unknown ingest key: send Authorization: Bearer <key>' });
		if (v.reason === 'sign-in') return json(401, { error: 'sign in first (POST /login), or use a board token for board data' });
		return json(403, { error: `your role may not ${method} ${path}` });
	}
	if (v.reason === 'setup-done') {
		if (method === 'GET' || method === 'HEAD') redirect(303, '/login');
		error(403, 'set-up is done');
	}
	if (v.reason === 'sign-in') {
		if (!access.usersExist()) redirect(303, '/setup');
		const next = method === 'GET' || method === 'HEAD' ? path + url.search : path;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	error(403, `your role may not ${method === 'GET' || method === 'HEAD' ? 'open' : method} ${path}`);
}

/** httpOnly, SameSite=Lax, path /; Secure whenever the request came over https. */
export function setCookie(cookies: Cookies, url: URL, name: string, value: string, maxAgeSec: number): void {
	cookies.set(name, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: maxAgeSec });
}

/** A `next` target after sign-in: only a path on this site (no open redirect to another origin). */
export function safeNext(raw: string | null | undefined, url: URL): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
	try {
		const target = new URL(raw, url.origin);
		if (target.origin !== url.origin) return '/';
		const p = normalisePath(target.pathname);
		if (p === '/login' || p === '/logout' || p === '/setup') return '/';
		return target.pathname + target.search;
	} catch {
		return '/';
	}
}

export { SESSION_COOKIE, BOARD_COOKIE };
