import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AuthSettings } from '../config/config';
import { presentedKey, type IngestKeys } from './ingestKeys';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import { decide, requirementFor, type Verdict } from './policy';
import { LoginLimiter } from './rateLimit';
import { nextVersion, type AuthRepo, type BoardTokenRecord, type IngestKeyRecord, type UserRecord } from './records';
import {
	DISPLAY_NAME_MAX_LENGTH,
	LABEL_MAX_LENGTH,
	PASSWORD_MAX_LENGTH,
	SOURCE_RE,
	freeTextProblem,
	isRole,
	normaliseUsername,
	passwordProblem,
	usernameProblem,
	type Role
} from './roles';
import { newId, newSecret, secretPrefix, sha256Hex } from './secrets';
import { SessionStore } from './sessions';
import { ensureSetupToken, removeSetupToken } from './setupToken';
import { SocketTracker } from './socketTracker';

export const SESSION_COOKIE = 'csops_session';
export const BOARD_COOKIE = 'csops_board';

/** Failures a person can act on; `code` picks the message in src/lib/i18n/auth.ts. */
export type AuthErrorCode =
	| 'username-invalid'
	| 'username-taken'
	| 'password-invalid'
	| 'password-mismatch'
	| 'roles-invalid'
	| 'text-invalid'
	| 'source-invalid'
	| 'not-found'
	| 'last-admin'
	| 'self'
	| 'setup-token'
	| 'setup-done'
	| 'inactive'
	| 'configured'
	| 'storage';

export class AuthError extends Error {
	constructor(
		readonly code: AuthErrorCode,
		message: string
	) {
		super(message);
		this.name = 'AuthError';
	}
}

export interface UserPrincipal {
	kind: 'user';
	username: string;
	displayName: string;
	roles: Role[];
	/** digest of the session id: names the session for sign-out and socket tracking */
	sessionHash: string;
}

export interface BoardPrincipal {
	kind: 'board';
	tokenId: string;
	label: string;
}

export interface UserView {
	username: string;
	displayName: string;
	roles: Role[];
	disabled: boolean;
	createdAtMs: number;
	updatedAtMs: number;
	updatedBy: string;
	sessions: number;
}

export type CredentialStatus = 'active' | 'grace' | 'expired' | 'revoked' | 'inactive';

export interface IngestKeyView {
	id: string;
	source: string;
	label: string;
	prefix: string;
	origin: 'managed' | 'config' | 'bootstrap';
	createdAtMs: number | null;
	createdBy: string;
	expiresAtMs: number | null;
	revokedAtMs: number | null;
	status: CredentialStatus;
}

export interface BoardTokenView {
	id: string;
	label: string;
	prefix: string;
	origin: 'managed' | 'config';
	createdAtMs: number | null;
	createdBy: string;
	revokedAtMs: number | null;
	status: CredentialStatus;
}

export type LoginResult =
	| { ok: true; sessionId: string; user: UserPrincipal; maxAgeSec: number }
	| { ok: false; code: 'login-failed' }
	| { ok: false; code: 'login-limited'; retryAfterSec: number };

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
 * Access control: users, sessions, ingest keys and board tokens, kept in memory (loaded at start,
 * written through to storage on every change) so that deciding a request never waits for a query.
 * The decisions themselves come from policy.ts; this class supplies the verified credentials.
 * Built once by the runtime; see docs/decisions/0007-access-control.md.
 */
export class AccessControl {
	readonly sessions: SessionStore;
	readonly sockets = new SocketTracker();
	private users = new Map<string, UserRecord>();
	private boards = new Map<string, BoardEntry>();
	private keyRecords = new Map<string, IngestKeyRecord>();
	private limiter: LoginLimiter;
	private setupDigest: Buffer | null = null;
	private dummy = '';
	private chain: Promise<unknown> = Promise.resolve();
	private timer: NodeJS.Timeout | null = null;

	private constructor(private deps: AccessDeps) {
		this.sessions = new SessionStore(
			{ idleMs: deps.settings.sessionIdleSec * 1000, maxMs: deps.settings.sessionMaxSec * 1000 },
			(rows) => deps.repo.saveSessions(rows),
			deps.log
		);
		this.limiter = new LoginLimiter(deps.settings.loginMaxFailures, deps.settings.loginWindowSec * 1000);
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
		ac.dummy = dummy;
		for (const u of users) ac.users.set(u.username, u);
		ac.sessions.load(sessions, t);
		for (const k of keys) {
			ac.keyRecords.set(k.id, k);
			deps.keys.setManaged(k);
		}
		for (const b of boards) ac.boards.set(b.id, { record: b, digest: Buffer.from(b.tokenSha256, 'hex'), origin: 'managed' });
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
			await ac.saveNewUser({ username: initial.username, displayName: initial.username, roles: ['admin'], password: initial.password }, 'ADMIN_USERNAME', t);
			deps.log(`auth: created the first admin "${initial.username}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
		} else if (initial) {
			deps.log('auth: ADMIN_USERNAME/ADMIN_PASSWORD ignored: users exist already (change passwords on /admin/users)');
		}
		if (ac.users.size === 0) {
			const { path, token } = ensureSetupToken(deps.dataPath);
			ac.setupDigest = Buffer.from(sha256Hex(token), 'hex');
			deps.log(`auth: no user yet: open /setup and enter the set-up token from ${path}`);
		} else {
			removeSetupToken(deps.dataPath);
		}
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
		const cookies = parseCookieHeader(req.headers.cookie);
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

	// ---- sign-in, sign-out, set-up

	/**
	 * Password sign-in. Unknown and disabled users take the same time as a wrong password (a dummy
	 * hash is verified), and get the same answer. Rate-limited per username + client address.
	 */
	async login(usernameRaw: string, password: string, clientAddress: string): Promise<LoginResult> {
		const t = this.deps.now();
		const username = normaliseUsername(usernameRaw).slice(0, 128);
		const limitKey = `${username}|${clientAddress}`;
		// Reserve the attempt before the (slow) hash runs: concurrent attempts see it counted.
		const waitMs = this.limiter.reserve(limitKey, t);
		if (waitMs > 0) return { ok: false, code: 'login-limited', retryAfterSec: Math.ceil(waitMs / 1000) };
		const user = this.users.get(username);
		const usable = !!user && !user.disabled && user.roles.length > 0;
		const sane = password.length > 0 && [...password].length <= PASSWORD_MAX_LENGTH;
		const match = await verifyPassword(usable ? user.passwordHash : this.dummy, sane ? password : 'x');
		if (!usable || !sane || !match) {
			// the reservation stands as this failure
			if (this.limiter.blockedForMs(limitKey, t) > 0) {
				this.deps.log(`auth: sign-in for "${username.slice(0, 64)}" from ${clientAddress} blocked after ${this.deps.settings.loginMaxFailures} failures`);
			}
			return { ok: false, code: 'login-failed' };
		}
		this.limiter.succeed(limitKey);
		const { id, record } = await this.sessions.create(user.username, t);
		return {
			ok: true,
			sessionId: id,
			user: { kind: 'user', username: user.username, displayName: user.displayName, roles: [...user.roles], sessionHash: record.idHash },
			maxAgeSec: this.deps.settings.sessionMaxSec
		};
	}

	/** Ends the session of this cookie value and closes the sockets it opened. */
	async logout(sessionId: string | null | undefined): Promise<void> {
		if (!sessionId) return;
		const ended = await this.sessions.endById(sessionId, this.deps.now());
		for (const h of ended) this.sockets.kill(`session:${h}`);
	}

	/** Creates the first admin with the set-up token from `<DATA_PATH>/setup-token`, and signs them in. */
	async completeSetup(
		input: { token: string; username: string; displayName: string; password: string; confirm: string },
		clientAddress: string
	): Promise<{ sessionId: string; maxAgeSec: number }> {
		const t = this.deps.now();
		const limitKey = `setup|${clientAddress}`;
		const waitMs = this.limiter.blockedForMs(limitKey, t);
		if (waitMs > 0) throw new AuthError('setup-token', `too many wrong set-up tokens; try again in ${Math.ceil(waitMs / 1000)} s`);
		return this.serial(async () => {
			// checked again inside the queue: attempts queued before a failure was counted see it now
			const waitNowMs = this.limiter.blockedForMs(limitKey, t);
			if (waitNowMs > 0) throw new AuthError('setup-token', `too many wrong set-up tokens; try again in ${Math.ceil(waitNowMs / 1000)} s`);
			if (this.users.size > 0 || !this.setupDigest) throw new AuthError('setup-done', 'set-up is done: sign in instead');
			const d = Buffer.from(sha256Hex(input.token.trim()), 'hex');
			if (!timingSafeEqual(d, this.setupDigest)) {
				this.limiter.fail(limitKey, t);
				throw new AuthError('setup-token', 'the set-up token does not match the one in <DATA_PATH>/setup-token');
			}
			if (input.password !== input.confirm) throw new AuthError('password-mismatch', 'the two passwords differ');
			const username = normaliseUsername(input.username);
			await this.saveNewUser({ username, displayName: input.displayName || username, roles: ['admin'], password: input.password }, 'setup', t);
			this.setupDigest = null;
			removeSetupToken(this.deps.dataPath);
			this.deps.log(`auth: first admin "${username}" created on /setup`);
			const { id } = await this.sessions.create(username, t);
			return { sessionId: id, maxAgeSec: this.deps.settings.sessionMaxSec };
		});
	}

	// ---- users (admin pages)

	listUsers(): UserView[] {
		return [...this.users.values()]
			.sort((a, b) => a.username.localeCompare(b.username))
			.map((u) => ({
				username: u.username,
				displayName: u.displayName,
				roles: [...u.roles],
				disabled: u.disabled,
				createdAtMs: u.createdAtMs,
				updatedAtMs: u.updatedAtMs,
				updatedBy: u.updatedBy,
				sessions: this.sessions.forUser(u.username).length
			}));
	}

	createUser(by: string, input: { username: string; displayName: string; roles: string[]; password: string }): Promise<void> {
		return this.serial(async () => {
			await this.saveNewUser({ ...input, username: normaliseUsername(input.username) }, by, this.deps.now());
			this.deps.log(`auth: ${by} created user "${normaliseUsername(input.username)}" (${input.roles.join(', ')})`);
		});
	}

	/** Changes name, roles or the disabled flag. Disabling ends the user's sessions; any change closes their sockets. */
	updateUser(by: string, usernameRaw: string, patch: { displayName: string; roles: string[]; disabled: boolean }): Promise<void> {
		return this.serial(async () => {
			const u = this.requireUser(usernameRaw);
			const roles = checkRoles(patch.roles);
			checkText('display name', patch.displayName, DISPLAY_NAME_MAX_LENGTH);
			const staysAdmin = roles.includes('admin') && !patch.disabled;
			if (u.username === by && !staysAdmin) throw new AuthError('self', 'you cannot disable yourself or remove your own admin role');
			if (!staysAdmin) this.requireAnotherAdmin(u.username);
			const t = this.deps.now();
			await this.saveUser({ ...u, displayName: patch.displayName.trim() || u.username, roles, disabled: patch.disabled, updatedAtMs: t, updatedBy: by, version: nextVersion(t) });
			if (patch.disabled) await this.endSessionsOf(u.username);
			else for (const s of this.sessions.forUser(u.username)) this.sockets.kill(`session:${s.idHash}`);
			this.deps.log(`auth: ${by} updated user "${u.username}" (${roles.join(', ')}${patch.disabled ? ', disabled' : ''})`);
		});
	}

	/** Sets a new password and ends the user's other sessions (all of them when an admin resets someone else's). */
	setPassword(by: string, usernameRaw: string, password: string, keepSessionHash?: string): Promise<void> {
		return this.serial(async () => {
			const u = this.requireUser(usernameRaw);
			const p = passwordProblem(password);
			if (p) throw new AuthError('password-invalid', p);
			const t = this.deps.now();
			await this.saveUser({ ...u, passwordHash: await hashPassword(password), updatedAtMs: t, updatedBy: by, version: nextVersion(t) });
			await this.endSessionsOf(u.username, keepSessionHash);
			this.deps.log(`auth: ${by} set a new password for "${u.username}"`);
		});
	}

	deleteUser(by: string, usernameRaw: string): Promise<void> {
		return this.serial(async () => {
			const u = this.requireUser(usernameRaw);
			if (u.username === by) throw new AuthError('self', 'you cannot delete yourself');
			if (u.roles.includes('admin') && !u.disabled) this.requireAnotherAdmin(u.username);
			const t = this.deps.now();
			await this.deps.repo.saveUsers([{ ...u, deleted: true, updatedAtMs: t, updatedBy: by, version: nextVersion(t) }]).catch(storageError);
			this.users.delete(u.username);
			await this.endSessionsOf(u.username);
			this.deps.log(`auth: ${by} deleted user "${u.username}"`);
		});
	}

	// ---- ingest keys (admin pages)

	listIngestKeys(): IngestKeyView[] {
		const t = this.deps.now();
		const fixed: IngestKeyView[] = this.deps.keys.fixedKeys().map((k) => ({
			id: k.id,
			source: k.source,
			label: k.origin === 'config' ? 'INGEST_KEYS' : '<DATA_PATH>/ingest-key',
			prefix: '',
			origin: k.origin === 'bootstrap' ? 'bootstrap' : 'config',
			createdAtMs: null,
			createdBy: '',
			expiresAtMs: null,
			revokedAtMs: null,
			status: k.active ? 'active' : 'inactive'
		}));
		const managed: IngestKeyView[] = [...this.keyRecords.values()].map((k) => ({
			id: k.id,
			source: k.source,
			label: k.label,
			prefix: k.keyPrefix,
			origin: 'managed',
			createdAtMs: k.createdAtMs,
			createdBy: k.createdBy,
			expiresAtMs: k.expiresAtMs,
			revokedAtMs: k.revokedAtMs,
			status: k.revokedAtMs !== null ? 'revoked' : k.expiresAtMs === null ? 'active' : t < k.expiresAtMs ? 'grace' : 'expired'
		}));
		return [...fixed, ...managed.sort((a, b) => (b.createdAtMs ?? 0) - (a.createdAtMs ?? 0))];
	}

	/** A new key for `source`; the key is returned once and only its digest is kept. */
	createIngestKey(by: string, sourceRaw: string, labelRaw: string): Promise<{ id: string; source: string; key: string }> {
		return this.serial(async () => {
			const source = sourceRaw.trim();
			if (!SOURCE_RE.test(source)) throw new AuthError('source-invalid', `source must match ${SOURCE_RE} (lower-case letters, digits, _)`);
			const label = checkText('label', labelRaw, LABEL_MAX_LENGTH);
			const t = this.deps.now();
			const key = newSecret();
			const rec = this.newKeyRecord(source, label, key, by, t);
			await this.deps.repo.saveIngestKeys([rec]).catch(storageError);
			this.keyRecords.set(rec.id, rec);
			this.deps.keys.setManaged(rec);
			this.deps.log(`auth: ${by} created ingest key ${rec.id} for source "${source}"`);
			return { id: rec.id, source, key };
		});
	}

	/** A replacement key; the old one keeps working for the configured grace (auth.ingestKeyGraceSec). */
	rotateIngestKey(by: string, id: string): Promise<{ id: string; source: string; key: string; oldId: string; oldExpiresAtMs: number }> {
		return this.serial(async () => {
			const old = this.keyRecords.get(id);
			const t = this.deps.now();
			if (!old) throw new AuthError('not-found', `no managed ingest key ${id}`);
			if (old.revokedAtMs !== null || (old.expiresAtMs !== null && t >= old.expiresAtMs) || old.replacedBy) {
				throw new AuthError('inactive', `ingest key ${id} is revoked, expired or already rotated`);
			}
			const key = newSecret();
			const rec = this.newKeyRecord(old.source, old.label, key, by, t);
			const oldExpiresAtMs = t + this.deps.settings.ingestKeyGraceSec * 1000;
			const oldNext: IngestKeyRecord = { ...old, expiresAtMs: oldExpiresAtMs, replacedBy: rec.id, version: nextVersion(t) };
			await this.deps.repo.saveIngestKeys([rec, oldNext]).catch(storageError);
			for (const r of [rec, oldNext]) {
				this.keyRecords.set(r.id, r);
				this.deps.keys.setManaged(r);
			}
			this.deps.log(`auth: ${by} rotated ingest key ${old.id} → ${rec.id} (source "${old.source}"); the old key works until ${new Date(oldExpiresAtMs).toISOString()}`);
			return { id: rec.id, source: old.source, key, oldId: old.id, oldExpiresAtMs };
		});
	}

	/** Immediate: the key stops working and the sockets it opened are closed, even if storing the change fails. */
	revokeIngestKey(by: string, id: string): Promise<void> {
		return this.serial(async () => {
			const old = this.keyRecords.get(id);
			if (!old) throw new AuthError(id.startsWith('config:') || id.startsWith('bootstrap:') ? 'configured' : 'not-found', `no managed ingest key ${id}`);
			if (old.revokedAtMs !== null) return;
			const t = this.deps.now();
			const next: IngestKeyRecord = { ...old, revokedAtMs: t, version: nextVersion(t) };
			this.keyRecords.set(id, next);
			this.deps.keys.setManaged(next);
			this.sockets.kill(`ingest:${id}`);
			this.deps.log(`auth: ${by} revoked ingest key ${id} (source "${old.source}")`);
			await this.deps.repo.saveIngestKeys([next]).catch(storageError);
		});
	}

	// ---- board tokens (admin pages)

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
				status: (b.revokedAtMs === null ? 'active' : 'revoked') as CredentialStatus
			}))
			.sort((a, b) => (b.createdAtMs ?? Infinity) - (a.createdAtMs ?? Infinity));
	}

	createBoardToken(by: string, labelRaw: string): Promise<{ id: string; label: string; token: string }> {
		return this.serial(async () => {
			const label = checkText('label', labelRaw, LABEL_MAX_LENGTH);
			const t = this.deps.now();
			const token = newSecret();
			const rec: BoardTokenRecord = {
				id: newId(),
				label,
				tokenSha256: sha256Hex(token),
				tokenPrefix: secretPrefix(token),
				createdAtMs: t,
				createdBy: by,
				revokedAtMs: null,
				version: nextVersion(t)
			};
			await this.deps.repo.saveBoardTokens([rec]).catch(storageError);
			this.boards.set(rec.id, { record: rec, digest: Buffer.from(rec.tokenSha256, 'hex'), origin: 'managed' });
			this.deps.log(`auth: ${by} created board token ${rec.id}`);
			return { id: rec.id, label, token };
		});
	}

	revokeBoardToken(by: string, id: string): Promise<void> {
		return this.serial(async () => {
			const b = this.boards.get(id);
			if (!b) throw new AuthError('not-found', `no board token ${id}`);
			if (b.origin === 'config') throw new AuthError('configured', `board token ${id} comes from BOARD_TOKENS: remove it there`);
			if (b.record.revokedAtMs !== null) return;
			const t = this.deps.now();
			const next: BoardTokenRecord = { ...b.record, revokedAtMs: t, version: nextVersion(t) };
			this.boards.set(id, { ...b, record: next });
			this.sockets.kill(`board:${id}`);
			this.deps.log(`auth: ${by} revoked board token ${id}`);
			await this.deps.repo.saveBoardTokens([next]).catch(storageError);
		});
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

	// ---- internals

	private serial<T>(fn: () => Promise<T>): Promise<T> {
		const run = this.chain.then(fn, fn);
		this.chain = run.catch(() => undefined);
		return run;
	}

	private async saveNewUser(
		input: { username: string; displayName: string; roles: string[]; password: string },
		by: string,
		t: number
	): Promise<void> {
		const up = usernameProblem(input.username);
		if (up) throw new AuthError('username-invalid', up);
		if (this.users.has(input.username)) throw new AuthError('username-taken', `user ${input.username} exists already`);
		const roles = checkRoles(input.roles);
		const displayName = checkText('display name', input.displayName, DISPLAY_NAME_MAX_LENGTH) || input.username;
		const pp = passwordProblem(input.password);
		if (pp) throw new AuthError('password-invalid', pp);
		await this.saveUser({
			username: input.username,
			displayName,
			roles,
			passwordHash: await hashPassword(input.password),
			disabled: false,
			deleted: false,
			createdAtMs: t,
			updatedAtMs: t,
			updatedBy: by,
			version: nextVersion(t)
		});
	}

	private async saveUser(u: UserRecord): Promise<void> {
		await this.deps.repo.saveUsers([u]).catch(storageError);
		this.users.set(u.username, u);
	}

	private requireUser(usernameRaw: string): UserRecord {
		const u = this.users.get(normaliseUsername(usernameRaw));
		if (!u) throw new AuthError('not-found', `no user ${usernameRaw}`);
		return u;
	}

	private requireAnotherAdmin(username: string): void {
		const others = [...this.users.values()].filter((u) => u.username !== username && u.roles.includes('admin') && !u.disabled);
		if (others.length === 0) throw new AuthError('last-admin', 'at least one enabled admin must remain');
	}

	private async endSessionsOf(username: string, keepHash?: string): Promise<void> {
		const ended = await this.sessions.end((s) => s.username === username && s.idHash !== keepHash, this.deps.now()).catch(storageError);
		for (const h of ended) this.sockets.kill(`session:${h}`);
	}

	private newKeyRecord(source: string, label: string, key: string, by: string, t: number): IngestKeyRecord {
		return {
			id: newId(),
			source,
			label,
			keySha256: sha256Hex(key),
			keyPrefix: secretPrefix(key),
			createdAtMs: t,
			createdBy: by,
			expiresAtMs: null,
			revokedAtMs: null,
			replacedBy: '',
			version: nextVersion(t)
		};
	}
}

function checkRoles(raw: string[]): Role[] {
	const roles = [...new Set(raw)];
	if (roles.length === 0 || !roles.every(isRole)) {
		throw new AuthError('roles-invalid', 'choose at least one role of supervisor, planner, manager, admin');
	}
	return roles as Role[];
}

function checkText(field: string, raw: string, max: number): string {
	const v = raw.trim();
	const p = freeTextProblem(field, v, max);
	if (p) throw new AuthError('text-invalid', p);
	return v;
}

function storageError(err: unknown): never {
	if (err instanceof AuthError) throw err;
	throw new AuthError('storage', `not saved: storage failed (${(err as Error).message})`);
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

/** `name=value; name2=value2` → record (first occurrence wins, values percent-decoded when valid). */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const part of (header ?? '').split(';')) {
		const i = part.indexOf('=');
		if (i <= 0) continue;
		const name = part.slice(0, i).trim();
		if (name in out) continue;
		let value = part.slice(i + 1).trim();
		if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
		try {
			value = decodeURIComponent(value);
		} catch {
			/* keep raw */
		}
		out[name] = value;
	}
	return out;
}


/** Topic granted to sockets whose principal may read the alert API. */
export const ALERTS_TOPIC = 'alerts';

/** The realtime topics a signed-in user's socket may receive, decided by the HTTP policy for the matching API. */
export function socketGrants(user: { roles: readonly Role[] } | null, state: { usersExist: boolean }): string[] {
	const grants: string[] = [];
	if (user && decide('GET', '/api/v1/alerts', 'http', { user, board: false, ingestKey: false }, state).allow) grants.push(ALERTS_TOPIC);
	return grants;
}
