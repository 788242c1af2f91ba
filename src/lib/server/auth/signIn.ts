import { timingSafeEqual } from 'node:crypto';
import { AuthError } from './errors';
import { verifyPassword } from './passwords';
import type { LoginLimiter } from './rateLimit';
import { normaliseUsername, PASSWORD_MAX_LENGTH, type Role } from './roles';
import { sha256Hex } from './secrets';
import type { SessionStore } from './sessions';
import { removeSetupToken } from './setupToken';
import type { SocketTracker } from './socketTracker';
import type { UserDirectory } from './users';

export interface UserPrincipal {
	kind: 'user';
	username: string;
	displayName: string;
	roles: Role[];
	/** digest of the session id: names the session for sign-out and socket tracking */
	sessionHash: string;
}

export type LoginResult =
	| { ok: true; sessionId: string; user: UserPrincipal; maxAgeSec: number }
	| { ok: false; code: 'login-failed' }
	| { ok: false; code: 'login-limited'; retryAfterSec: number };

interface SignInDeps {
	users: UserDirectory;
	sessions: SessionStore;
	sockets: SocketTracker;
	limiter: LoginLimiter;
	/** an argon2 hash verified for unknown users, so they take as long as a wrong password */
	dummyHash: string;
	/** digest of the first-run set-up token; null once a user exists */
	setupDigest: Buffer | null;
	dataPath: string;
	maxFailures: number;
	sessionMaxSec: number;
	now: () => number;
	log: (msg: string) => void;
}

/** Sign-in, sign-out and the first-run set-up: where a password or the set-up token becomes a session. */
export class SignIn {
	private setupDigest: Buffer | null;

	constructor(private deps: SignInDeps) {
		this.setupDigest = deps.setupDigest;
	}

	/**
	 * Password sign-in. Unknown and disabled users take the same time as a wrong password (a dummy
	 * hash is verified), and get the same answer. Rate-limited per username + client address.
	 */
	async login(usernameRaw: string, password: string, clientAddress: string): Promise<LoginResult> {
		const { limiter, users, sessions } = this.deps;
		const t = this.deps.now();
		const username = normaliseUsername(usernameRaw).slice(0, 128);
		const limitKey = `${username}|${clientAddress}`;
		// Reserve the attempt before the (slow) hash runs: concurrent attempts see it counted.
		const waitMs = limiter.reserve(limitKey, t);
		if (waitMs > 0) return { ok: false, code: 'login-limited', retryAfterSec: Math.ceil(waitMs / 1000) };
		const user = users.get(username);
		const usable = !!user && !user.disabled && user.roles.length > 0;
		const sane = password.length > 0 && [...password].length <= PASSWORD_MAX_LENGTH;
		const match = await verifyPassword(usable ? user.passwordHash : this.deps.dummyHash, sane ? password : 'x');
		if (!usable || !sane || !match) {
			// the reservation stands as this failure
			if (limiter.blockedForMs(limitKey, t) > 0) {
				this.deps.log(`auth: sign-in for "${username.slice(0, 64)}" from ${clientAddress} blocked after ${this.deps.maxFailures} failures`);
			}
			return { ok: false, code: 'login-failed' };
		}
		limiter.succeed(limitKey);
		const { id, record } = await sessions.create(user.username, t);
		return {
			ok: true,
			sessionId: id,
			user: { kind: 'user', username: user.username, displayName: user.displayName, roles: [...user.roles], sessionHash: record.idHash },
			maxAgeSec: this.deps.sessionMaxSec
		};
	}

	/** Ends the session of this cookie value and closes the sockets it opened. */
	async logout(sessionId: string | null | undefined): Promise<void> {
		if (!sessionId) return;
		const ended = await this.deps.sessions.endById(sessionId, this.deps.now());
		for (const h of ended) this.deps.sockets.kill(`session:${h}`);
	}

	/** Creates the first admin with the set-up token from `<DATA_PATH>/setup-token`, and signs them in. */
	async completeSetup(
		input: { token: string; username: string; displayName: string; password: string; confirm: string },
		clientAddress: string
	): Promise<{ sessionId: string; maxAgeSec: number }> {
		const { limiter, users } = this.deps;
		const t = this.deps.now();
		const limitKey = `setup|${clientAddress}`;
		const waitMs = limiter.blockedForMs(limitKey, t);
		if (waitMs > 0) throw new AuthError('setup-token', `too many wrong set-up tokens; try again in ${Math.ceil(waitMs / 1000)} s`);
		// in the users' queue: the "no user yet" check sees every user created before it
		return users.serial(async () => {
			// checked again inside the queue: attempts queued before a failure was counted see it now
			const waitNowMs = limiter.blockedForMs(limitKey, t);
			if (waitNowMs > 0) throw new AuthError('setup-token', `too many wrong set-up tokens; try again in ${Math.ceil(waitNowMs / 1000)} s`);
			if (users.size > 0 || !this.setupDigest) throw new AuthError('setup-done', 'set-up is done: sign in instead');
			const d = Buffer.from(sha256Hex(input.token.trim()), 'hex');
			if (!timingSafeEqual(d, this.setupDigest)) {
				limiter.fail(limitKey, t);
				throw new AuthError('setup-token', 'the set-up token does not match the one in <DATA_PATH>/setup-token');
			}
			if (input.password !== input.confirm) throw new AuthError('password-mismatch', 'the two passwords differ');
			const username = normaliseUsername(input.username);
			await users.createNow({ username, displayName: input.displayName || username, roles: ['admin'], password: input.password }, 'setup');
			this.setupDigest = null;
			removeSetupToken(this.deps.dataPath);
			this.deps.log(`auth: first admin "${username}" created on /setup`);
			const { id } = await this.deps.sessions.create(username, t);
			return { sessionId: id, maxAgeSec: this.deps.sessionMaxSec };
		});
	}
}
