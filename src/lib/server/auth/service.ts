import type { IncomingMessage } from 'node:http';
import { REALTIME_TOPICS } from '$lib/types/realtime';
import { timingSafeEqual } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { AuthSettings } from '../config/config';
import { boardTokenCredentials, ingestKeyCredentials, ingestKeyViews, type BoardTokenView, type IngestKeyView } from './credentials';
import { presentedKey, type IngestKeys } from './ingestKeys';
import { dummyHash } from './passwords';
import { decide, requirementFor, type Verdict } from './policy';
import { LoginLimiter } from './rateLimit';
import type { AuthRepo, BoardTokenRecord } from './records';
import type { Role } from './roles';
import { secretPrefix, sha256Hex } from './secrets';
import { SessionStore } from './sessions';
import { ensureSetupToken, removeSetupToken } from './setupToken';
import { SignIn, type UserPrincipal } from './signIn';
import { SocketTracker } from './socketTracker';
import { UserDirectory } from './users';

export { AuthError, type AuthErrorCode } from './errors';
export type { CredentialStatus, IngestKeyView, BoardTokenView } from './credentials';
export type { LoginResult, UserPrincipal } from './signIn';
export type { UserView } from './users';

export const SESSION_COOKIE = 'csops_session';
export const BOARD_COOKIE = 'csops_board';

export interface BoardPrincipal {
	kind: 'board';
	tokenId: string;
	label: string;
}

export interface AccessDeps {
	repo: AuthRepo;
	settings: AuthSettings;
	dataPath: string;
	keys: IngestKeys;
	now: () => number;
	log: (msg: string) => void;
	/** housekeeping period (sockets of ended sessions and keys, expired sessions); 0 = none (tests) */
	sweepEveryMs?: number;
}

interface BoardEntry {
	record: BoardTokenRecord;
	digest: Buffer;
	origin: 'managed' | 'config';
}

/**
 * Access control: who may do what, decided from credentials kept in memory (loaded at start, written
 * through to storage on every change) so that deciding a request never waits for a query. The
 * decisions come from policy.ts; the credentials from the parts below, one per kind:
 * - `users` (users.ts): the /admin/users page;
 * - `ingestKeys` and `boardTokens` (credentials.ts): one create / rotate / revoke lifecycle;
 * - `signIn` (signIn.ts): password sign-in, sign-out, first-run set-up;
 * - `sessions` (sessions.ts) and `sockets` (socketTracker.ts): what a sign-in opened.
 * This class wires them, answers "who is this request" and sweeps what ended.
 * Built once by the runtime; see docs/decisions/0007-access-control.md.
 */
export class AccessControl {
	readonly sessions: SessionStore;
	readonly sockets = new SocketTracker();
	readonly users: UserDirectory;
	readonly ingestKeys: ReturnType<typeof ingestKeyCredentials>;
	readonly boardTokens: ReturnType<typeof boardTokenCredentials>;
	signIn!: SignIn;
	private boards = new Map<string, BoardEntry>();
	private limiter: LoginLimiter;
	private timer: NodeJS.Timeout | null = null;

	private constructor(private deps: AccessDeps) {
		const { now, log } = deps;
		this.sessions = new SessionStore(
			{ idleMs: deps.settings.sessionIdleSec * 1000, maxMs: deps.settings.sessionMaxSec * 1000 },
			(rows) => deps.repo.saveSessions(rows),
			log
		);
		this.limiter = new LoginLimiter(deps.settings.loginMaxFailures, deps.settings.loginWindowSec * 1000);
		this.users = new UserDirectory({ save: (rows) => deps.repo.saveUsers(rows), sessions: this.sessions, sockets: this.sockets, now, log });
		this.ingestKeys = ingestKeyCredentials({
			keys: deps.keys,
			save: (rows) => deps.repo.saveIngestKeys(rows),
			graceSec: deps.settings.ingestKeyGraceSec,
			now,
			log,
			sockets: this.sockets
		});
		this.boardTokens = boardTokenCredentials({
			save: (rows) => deps.repo.saveBoardTokens(rows),
			publish: (record) => this.boards.set(record.id, { record, digest: Buffer.from(record.tokenSha256, 'hex'), origin: 'managed' }),
			now,
			log,
			sockets: this.sockets
		});
	}

	/** Loads everything, creates the first admin from config or a set-up token, and starts housekeeping. */
	static async start(deps: AccessDeps): Promise<AccessControl> {
		const ac = new AccessControl(deps);
		const t = deps.now();
		const [users, sessions, keys, boards, dummy] = await Promise.all([
			deps.repo.loadUsers(),
			deps.repo.loadSessions(t),
			deps.repo.loadIngestKeys(),
			deps.repo.loadBoardTokens(),
			dummyHash()
		]);
		ac.users.load(users);
		ac.sessions.load(sessions, t);
		ac.ingestKeys.load(keys);
		ac.boardTokens.load(boards);
		for (const b of deps.settings.boardTokens) {
			const id = `config:${b.label}`;
			ac.boards.set(id, {
				record: { id, label: b.label, tokenSha256: sha256Hex(b.token), tokenPrefix: secretPrefix(b.token), createdAtMs: 0, createdBy: 'BOARD_TOKENS', revokedAtMs: null, version: 0 },
				digest: Buffer.from(sha256Hex(b.token), 'hex'),
				origin: 'config'
			});
		}

		const initial = deps.settings.initialAdmin;
		if (ac.users.size === 0 && initial) {
			await ac.users.createNow({ username: initial.username, displayName: initial.username, roles: ['admin'], password: initial.password }, 'ADMIN_USERNAME');
			deps.log(`auth: created the first admin "${initial.username}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
		} else if (initial) {
			deps.log('auth: ADMIN_USERNAME/ADMIN_PASSWORD ignored: users exist already (change passwords on /admin/users)');
		}
		let setupDigest: Buffer | null = null;
		if (ac.users.size === 0) {
			const { path, token } = ensureSetupToken(deps.dataPath);
			setupDigest = Buffer.from(sha256Hex(token), 'hex');
			deps.log(`auth: no user yet: open /setup and enter the set-up token from ${path}`);
		} else {
			removeSetupToken(deps.dataPath);
		}
		ac.signIn = new SignIn({
			users: ac.users,
			sessions: ac.sessions,
			sockets: ac.sockets,
			limiter: ac.limiter,
			dummyHash: dummy,
			setupDigest,
			dataPath: deps.dataPath,
			maxFailures: deps.settings.loginMaxFailures,
			sessionMaxSec: deps.settings.sessionMaxSec,
			now: deps.now,
			log: deps.log
		});
		deps.log(`auth: ${ac.users.size} user(s), ${ac.sessions.size} session(s), ${keys.length} managed ingest key(s), ${ac.boards.size} board token(s) loaded`);
		const every = deps.sweepEveryMs ?? 5_000;
		if (every > 0) {
			ac.timer = setInterval(() => ac.sweep(), every);
			ac.timer.unref();
		}
		return ac;
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
	}

	// ---- request side: verified credentials, never waiting for storage

	usersExist(): boolean {
		return this.users.size > 0;
	}

	/** The signed-in user for a session cookie value, or null (unknown, expired, user disabled or gone). */
	userFromSession(sessionId: string | null | undefined): UserPrincipal | null {
		const s = this.sessions.use(sessionId, this.deps.now());
		if (!s) return null;
		const u = this.users.get(s.username);
		if (!u || u.disabled || u.roles.length === 0) return null;
		return { kind: 'user', username: u.username, displayName: u.displayName, roles: [...u.roles], sessionHash: s.idHash };
	}

	/** The board token a cookie or `?token=` presents, or null. Compared in constant time against each. */
	boardFromToken(token: string | null | undefined): BoardPrincipal | null {
		if (!token || token.length > 200) return null;
		const d = Buffer.from(sha256Hex(token), 'hex');
		let found: BoardEntry | null = null;
		for (const b of this.boards.values()) if (timingSafeEqual(b.digest, d) && b.record.revokedAtMs === null) found = b;
		return found ? { kind: 'board', tokenId: found.record.id, label: found.record.label } : null;
	}

	/**
	 * The `authorize` of every WebSocket route: the policy decides, as for HTTP. Ingest sockets take a
	 * bearer key (header or `?key=`); the others the session or board cookie, and refuse a cross-origin
	 * browser (cross-site WebSocket hijacking: browsers send cookies on cross-site upgrades too).
	 */
	authorizeUpgrade(req: IncomingMessage, url: URL): { status: number; message: string } | { ok: true; principal: string; grants?: string[] } {
		const path = url.pathname;
		const state = { usersExist: this.usersExist() };
		if (requirementFor('GET', path, 'socket').includes('ingestKey')) {
			const key = this.deps.keys.verifyDetailed(presentedKey(req.headers.authorization, url));
			const v = decide('GET', path, 'socket', { user: null, board: false, ingestKey: key !== null }, state);
			if (!v.allow || !key) return refusal(v);
			this.sockets.add(`ingest:${key.id}`, req.socket);
			return { ok: true, principal: key.source };
		}
		const origin = req.headers.origin;
		if (origin && !sameHost(origin, req.headers.host)) {
			return { status: 403, message: `cross-origin WebSocket refused: Origin ${origin} is not this server` };
		}
		const cookies = parseCookies(req.headers.cookie ?? '');
		const user = this.userFromSession(cookies[SESSION_COOKIE]);
		const board = this.boardFromToken(cookies[BOARD_COOKIE]);
		const v = decide('GET', path, 'socket', { user, board: board !== null, ingestKey: false }, state);
		if (!v.allow) return refusal(v);
		// Topics beyond the board's: alert details and notices only for who may read GET /api/v1/alerts
		// (the same policy row), so a planner's or a kiosk's socket never carries them (issue 24).
		const grants = socketGrants(user, state);
		if (v.via === 'board' && board) {
			this.sockets.add(`board:${board.tokenId}`, req.socket);
			return { ok: true, principal: `board:${board.label}`, grants: [] };
		}
		if (user) {
			this.sockets.add(`session:${user.sessionHash}`, req.socket);
			return { ok: true, principal: `user:${user.username}`, grants };
		}
		return { ok: true, principal: 'anyone', grants: [] };
	}

	// ---- views for the admin pages

	listIngestKeys(): IngestKeyView[] {
		return ingestKeyViews(this.deps.keys, this.ingestKeys.all(), this.deps.now());
	}

	listBoardTokens(): BoardTokenView[] {
		return [...this.boards.values()]
			.map(({ record: b, origin }) => ({
				id: b.id,
				label: b.label,
				prefix: origin === 'config' ? '' : b.tokenPrefix,
				origin,
				createdAtMs: origin === 'config' ? null : b.createdAtMs,
				createdBy: b.createdBy,
				revokedAtMs: b.revokedAtMs,
				status: b.revokedAtMs === null ? ('active' as const) : ('revoked' as const)
			}))
			.sort((a, b) => (b.createdAtMs ?? Infinity) - (a.createdAtMs ?? Infinity));
	}

	// ---- housekeeping

	/**
	 * Closes sockets whose credential ended (session expired or signed out, key past its rotation
	 * grace), keeps sessions with an open socket alive (a board on screen is in use), forgets old
	 * sessions and rate-limit entries.
	 */
	sweep(): void {
		const t = this.deps.now();
		for (const c of this.sockets.credentials()) {
			const [kind, id] = [c.slice(0, c.indexOf(':')), c.slice(c.indexOf(':') + 1)];
			let live = false;
			if (kind === 'session') {
				const s = this.sessions.getByHash(id);
				const owner = s ? this.users.get(s.username) : undefined;
				live = !!owner && !owner.disabled && this.sessions.touchByHash(id, t);
			} else if (kind === 'board') live = this.boards.get(id)?.record.revokedAtMs === null;
			else if (kind === 'ingest') live = this.deps.keys.isLive(id);
			if (!live) this.sockets.kill(c);
		}
		this.sessions.prune(t);
		this.limiter.prune(t);
	}
}

function refusal(v: Verdict): { status: number; message: string } {
	if (v.allow) throw new Error('refusal: verdict allows');
	const message =
		v.reason === 'ingest-key'
			? 'missing or unknown ingest key: send Authorization: Bearer <key>'
			: v.reason === 'sign-in'
				? 'sign in, or open the board with a board token'
				: 'your role may not open this socket';
	return { status: v.status, message };
}

function sameHost(origin: string, host: string | undefined): boolean {
	try {
		return !!host && new URL(origin).host === host;
	} catch {
		return false;
	}
}

/** Topic granted to sockets whose principal may read the alert API (named with the realtime protocol). */
export const ALERTS_TOPIC = REALTIME_TOPICS.alerts;

/** The realtime topics a signed-in user's socket may receive, decided by the HTTP policy for the matching API. */
export function socketGrants(user: { roles: readonly Role[] } | null, state: { usersExist: boolean }): string[] {
	const grants: string[] = [];
	if (user && decide('GET', '/api/v1/alerts', 'http', { user, board: false, ingestKey: false }, state).allow) grants.push(ALERTS_TOPIC);
	return grants;
}
