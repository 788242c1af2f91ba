import type { Role } from './roles';

/**
 * Who may do what: one table for pages, `+server` endpoints, form actions (POSTs to a page) and
 * WebSocket upgrades. `src/hooks.server.ts` (through guard.ts) and the socket routes' `authorize`
 * (through AccessControl.authorizeUpgrade) both decide with `decide()` below; nothing else does.
 * A path not in the table is for admins only, so a page added without a row is closed, not open.
 * See docs/decisions/0007-access-control.md.
 */

/** What a request must present. */
export type Credential =
	/** no credential at all */
	| 'anyone'
	/** any signed-in user, whatever the role */
	| 'signedIn'
	/** a signed-in user holding this role (roles are listed explicitly, admin too) */
	| Role
	/** a board token (the TV kiosk's read-only cookie) */
	| 'board'
	/** a bearer ingest key; a session never counts here */
	| 'ingestKey'
	/** nobody signed in and no user exists yet (the one-time set-up) */
	| 'setup';

export interface Rule {
	/** `/x` matches exactly; `/x/**` matches `/x` and every path below it */
	path: string;
	/** GET, HEAD, OPTIONS */
	read: readonly Credential[];
	/** POST, PUT, PATCH, DELETE and anything else: JSON writes and form actions */
	write: readonly Credential[];
	/** WebSocket upgrades; absent = refused */
	socket?: readonly Credential[];
}

const BOARD_VIEWERS = ['supervisor', 'manager', 'admin', 'board'] as const;
/** the live numbers: board viewers, and planners too (their overview at / shows them; read-only) */
const REALTIME_READ = ['supervisor', 'planner', 'manager', 'admin', 'board'] as const;
const PLANNING_READ = ['planner', 'manager', 'admin'] as const;
const PLANNING_WRITE = ['planner', 'admin'] as const;
const ALERTS_READ = ['manager', 'supervisor', 'admin'] as const;
const ALERTS_WRITE = ['manager', 'admin'] as const;
/** reports (issue 20): managers, planners and admins; nobody writes through them except digest settings (admin) */
const REPORTS_READ = ['manager', 'planner', 'admin'] as const;
const ADMIN = ['admin'] as const;

/** First match wins. */
export const POLICY: readonly Rule[] = [
	// liveness for load balancers and the README's first check; it shows no secrets (tests/auth check)
	{ path: '/api/health', read: ['anyone'], write: ADMIN },
	{ path: '/login/**', read: ['anyone'], write: ['anyone'] },
	{ path: '/logout/**', read: ['anyone'], write: ['anyone'] },
	{ path: '/setup/**', read: ['setup'], write: ['setup'] },
	// machine clients with per-source keys; never a browser session (docs/decisions/0005)
	{ path: '/api/v1/events/**', read: ['ingestKey'], write: ['ingestKey'], socket: ['ingestKey'] },
	{ path: '/wallboard', read: BOARD_VIEWERS, write: ADMIN },
	// the live agent list (issue 18): a board page like /wallboard
	{ path: '/wallboard/agents', read: BOARD_VIEWERS, write: ADMIN },
	{ path: '/api/v1/realtime', read: REALTIME_READ, write: ADMIN },
	// the board's intraday chart history: today's actual and the typical shape (issue 18)
	{ path: '/api/v1/realtime/intraday-history', read: REALTIME_READ, write: ADMIN },
	{ path: '/api/v1/realtime/stream', read: REALTIME_READ, write: ADMIN, socket: REALTIME_READ },
	// intraday re-forecast and staffing gap: the board (supervisors, kiosks) and the planners (issue 19)
	{ path: '/api/v1/intraday', read: [...REALTIME_READ, ...PLANNING_READ], write: ADMIN },
	// the wall-board shows adherence to the published schedule (issue 21)
	{ path: '/api/v1/planning/adherence', read: REALTIME_READ, write: ADMIN },
	// history imports: a source's ingest key (CLI, scripts) or a planner's session (the /planning/history page)
	{ path: '/api/v1/history/**', read: [...PLANNING_READ, 'ingestKey'], write: ['ingestKey', ...PLANNING_WRITE] },
	{ path: '/planning/**', read: PLANNING_READ, write: PLANNING_WRITE },
	{ path: '/api/v1/planning/**', read: PLANNING_READ, write: PLANNING_WRITE },
	{ path: '/api/v1/scenarios/**', read: PLANNING_READ, write: PLANNING_WRITE },
	{ path: '/alerts/**', read: ALERTS_READ, write: ALERTS_WRITE },
	{ path: '/api/v1/alerts/**', read: ALERTS_READ, write: ALERTS_WRITE },
	{ path: '/reports/**', read: REPORTS_READ, write: ADMIN },
	{ path: '/api/v1/reports/**', read: REPORTS_READ, write: ADMIN },
	{ path: '/admin/**', read: ADMIN, write: ADMIN },
	{ path: '/', read: ['signedIn'], write: ADMIN }
];

/** Everything else: admins only, sockets included. */
export const DEFAULT_RULE: Rule = { path: '(any other path)', read: ADMIN, write: ADMIN, socket: ADMIN };

export type Transport = 'http' | 'socket';

/** What the request carries, already verified (a forged or expired credential is simply absent). */
export interface Presented {
	user: { roles: readonly Role[] } | null;
	board: boolean;
	ingestKey: boolean;
}

export type Verdict =
	| { allow: true; via: Credential }
	/** 401: a credential is missing; 403: the credential presented is not enough */
	| { allow: false; status: 401 | 403; reason: 'sign-in' | 'ingest-key' | 'role' | 'setup-done' };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The path the table is matched against: percent-decoded the way SvelteKit decodes it to find the
 * route, without a trailing slash. Decoding can only move a request to
 * the route Kit will serve, so `/%61dmin` is judged as `/admin`.
 */
export function normalisePath(pathname: string): string {
	let p: string;
	try {
		// the same decoding as Kit's decode_pathname (@sveltejs/kit src/utils/url.js)
		p = pathname.split('%25').map(decodeURI).join('%25');
	} catch {
		p = pathname; // malformed escapes: Kit answers 400/404; judge the raw path (admin-only default)
	}
	return p.length > 1 && p.endsWith('/') ? p.replace(/\/+$/, '') || '/' : p;
}

export function ruleFor(path: string): Rule {
	for (const r of POLICY) {
		if (r.path.endsWith('/**')) {
			const base = r.path.slice(0, -3);
			if (path === base || path.startsWith(`${base}/`)) return r;
		} else if (path === r.path) return r;
	}
	return DEFAULT_RULE;
}

export function requirementFor(method: string, path: string, transport: Transport): readonly Credential[] {
	const rule = ruleFor(normalisePath(path));
	if (transport === 'socket') return rule.socket ?? [];
	return READ_METHODS.has(method.toUpperCase()) ? rule.read : rule.write;
}

/** The decision for one request. `usersExist` is false only before the first user is created. */
export function decide(
	method: string,
	path: string,
	transport: Transport,
	presented: Presented,
	state: { usersExist: boolean }
): Verdict {
	const need = requirementFor(method, path, transport);
	if (need.includes('anyone')) return { allow: true, via: 'anyone' };
	if (need.includes('setup')) {
		return state.usersExist ? { allow: false, status: 403, reason: 'setup-done' } : { allow: true, via: 'setup' };
	}
	if (need.includes('ingestKey')) {
		if (presented.ingestKey) return { allow: true, via: 'ingestKey' };
		// a path for keys only; on a path that also takes sessions, a signed-in user is judged below
		if (need.every((c) => c === 'ingestKey') || !presented.user) return { allow: false, status: 401, reason: 'ingest-key' };
	}
	const user = presented.user;
	if (user) {
		if (need.includes('signedIn') && user.roles.length > 0) return { allow: true, via: 'signedIn' };
		const role = user.roles.find((r) => need.includes(r));
		if (role) return { allow: true, via: role };
	}
	if (presented.board && need.includes('board')) return { allow: true, via: 'board' };
	return user ? { allow: false, status: 403, reason: 'role' } : { allow: false, status: 401, reason: 'sign-in' };
}

/** True for paths whose API answers are JSON (401/403 bodies), false for pages (redirect to sign-in). */
export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');
