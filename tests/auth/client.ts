import WebSocket from 'ws';

/**
 * A tiny HTTP client for the access-control tests: same-origin form posts the way a browser sends
 * them (Origin + Accept: text/html, so Kit answers form actions with real redirects), cookies by hand.
 */
export interface Reply {
	status: number;
	location: string | null;
	setCookies: string[];
	headers: Headers;
	text: string;
}

export async function request(
	base: string,
	path: string,
	opts: { method?: string; cookie?: string; form?: Record<string, string | string[]>; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
	const headers: Record<string, string> = { accept: 'text/html', ...(opts.cookie ? { cookie: opts.cookie } : {}) };
	let body: string | undefined = opts.body;
	const method = opts.method ?? (opts.form ? 'POST' : 'GET');
	if (method !== 'GET' && method !== 'HEAD') headers.origin = base;
	if (opts.form) {
		const p = new URLSearchParams();
		for (const [k, v] of Object.entries(opts.form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
		body = p.toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
	}
	const r = await fetch(`${base}${path}`, { method, headers: { ...headers, ...opts.headers }, body, redirect: 'manual' });
	return { status: r.status, location: r.headers.get('location'), setCookies: r.headers.getSetCookie(), headers: r.headers, text: await r.text() };
}

/** `name=value` of a Set-Cookie header for `name`, or null. */
export function cookieFrom(reply: Reply, name: string): string | null {
	const c = reply.setCookies.find((s) => s.startsWith(`${name}=`));
	return c ? c.split(';')[0] : null;
}

/** Signs in through the real /login form; returns the `csops_session=…` cookie. */
export async function login(base: string, username: string, password: string): Promise<string> {
	const r = await request(base, '/login', { form: { username, password, next: '/' } });
	const c = cookieFrom(r, 'csops_session');
	if (r.status !== 303 || !c) throw new Error(`login ${username} failed: ${r.status} ${r.text.slice(0, 200)}`);
	return c;
}

/** The secret an admin page shows once after a create/rotate action. */
export function shownSecret(html: string): string {
	const m = /data-testid="secret">([^<]+)</.exec(html);
	if (!m) throw new Error(`no secret on the page: ${html.slice(0, 300)}`);
	return m[1];
}

/** Opens a WebSocket; resolves with 101 and the socket, or with the refusal's HTTP status. */
export function openSocket(
	base: string,
	path: string,
	headers: Record<string, string> = {}
): Promise<{ status: number; ws: WebSocket | null; first: Promise<string> }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${base.replace(/^http/, 'ws')}${path}`, { headers });
		const first = new Promise<string>((r) => ws.once('message', (m) => r(m.toString())));
		ws.once('open', () => resolve({ status: 101, ws, first }));
		ws.once('unexpected-response', (_req, res) => {
			resolve({ status: res.statusCode ?? 0, ws: null, first });
			res.resume();
		});
		ws.once('error', (err) => reject(err));
	});
}

/** Resolves when the socket closes (for revocation tests). */
export const closed = (ws: WebSocket): Promise<void> =>
	new Promise((r) => (ws.readyState === ws.CLOSED ? r() : ws.once('close', () => r())));
