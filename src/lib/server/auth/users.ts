import { AuthError, checkRoles, checkText, serialQueue, storageError } from './errors';
import { hashPassword } from './passwords';
import { nextVersion, type UserRecord } from './records';
import { DISPLAY_NAME_MAX_LENGTH, normaliseUsername, passwordProblem, usernameProblem, type Role } from './roles';
import type { SessionStore } from './sessions';
import type { SocketTracker } from './socketTracker';

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

export interface NewUser {
	username: string;
	displayName: string;
	roles: string[];
	password: string;
}

interface UserDeps {
	save: (rows: UserRecord[]) => Promise<void>;
	sessions: SessionStore;
	sockets: SocketTracker;
	now: () => number;
	log: (msg: string) => void;
}

/**
 * The users (the /admin/users page): kept in memory, written through to storage on every change.
 * A change that takes access away also ends what it gave: disabling or deleting a user ends their
 * sessions, any change closes their sockets (they reconnect with the new roles).
 */
export class UserDirectory {
	private users = new Map<string, UserRecord>();
	/** one change at a time, so the last-admin and name-taken checks see every earlier change */
	readonly serial = serialQueue();

	constructor(private deps: UserDeps) {}

	load(rows: UserRecord[]): void {
		for (const u of rows) this.users.set(u.username, u);
	}

	get size(): number {
		return this.users.size;
	}

	get(username: string): UserRecord | undefined {
		return this.users.get(username);
	}

	list(): UserView[] {
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
				sessions: this.deps.sessions.forUser(u.username).length
			}));
	}

	create(by: string, input: NewUser): Promise<void> {
		return this.serial(async () => {
			await this.createNow({ ...input, username: normaliseUsername(input.username) }, by);
			this.deps.log(`auth: ${by} created user "${normaliseUsername(input.username)}" (${input.roles.join(', ')})`);
		});
	}

	/** Creates a user; the caller runs it inside `serial` (first-run set-up does, with its own checks). */
	async createNow(input: NewUser, by: string): Promise<void> {
		const t = this.deps.now();
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

	/** Changes name, roles or the disabled flag. Disabling ends the user's sessions; any change closes their sockets. */
	update(by: string, usernameRaw: string, patch: { displayName: string; roles: string[]; disabled: boolean }): Promise<void> {
		return this.serial(async () => {
			const u = this.require(usernameRaw);
			const roles = checkRoles(patch.roles);
			checkText('display name', patch.displayName, DISPLAY_NAME_MAX_LENGTH);
			const staysAdmin = roles.includes('admin') && !patch.disabled;
			if (u.username === by && !staysAdmin) throw new AuthError('self', 'you cannot disable yourself or remove your own admin role');
			if (!staysAdmin) this.requireAnotherAdmin(u.username);
			const t = this.deps.now();
			await this.saveUser({ ...u, displayName: patch.displayName.trim() || u.username, roles, disabled: patch.disabled, updatedAtMs: t, updatedBy: by, version: nextVersion(t) });
			if (patch.disabled) await this.endSessionsOf(u.username);
			else for (const s of this.deps.sessions.forUser(u.username)) this.deps.sockets.kill(`session:${s.idHash}`);
			this.deps.log(`auth: ${by} updated user "${u.username}" (${roles.join(', ')}${patch.disabled ? ', disabled' : ''})`);
		});
	}

	/** Sets a new password and ends the user's other sessions (all of them when an admin resets someone else's). */
	setPassword(by: string, usernameRaw: string, password: string, keepSessionHash?: string): Promise<void> {
		return this.serial(async () => {
			const u = this.require(usernameRaw);
			const p = passwordProblem(password);
			if (p) throw new AuthError('password-invalid', p);
			const t = this.deps.now();
			await this.saveUser({ ...u, passwordHash: await hashPassword(password), updatedAtMs: t, updatedBy: by, version: nextVersion(t) });
			await this.endSessionsOf(u.username, keepSessionHash);
			this.deps.log(`auth: ${by} set a new password for "${u.username}"`);
		});
	}

	delete(by: string, usernameRaw: string): Promise<void> {
		return this.serial(async () => {
			const u = this.require(usernameRaw);
			if (u.username === by) throw new AuthError('self', 'you cannot delete yourself');
			if (u.roles.includes('admin') && !u.disabled) this.requireAnotherAdmin(u.username);
			const t = this.deps.now();
			await this.deps.save([{ ...u, deleted: true, updatedAtMs: t, updatedBy: by, version: nextVersion(t) }]).catch(storageError);
			this.users.delete(u.username);
			await this.endSessionsOf(u.username);
			this.deps.log(`auth: ${by} deleted user "${u.username}"`);
		});
	}

	private async saveUser(u: UserRecord): Promise<void> {
		await this.deps.save([u]).catch(storageError);
		this.users.set(u.username, u);
	}

	private require(usernameRaw: string): UserRecord {
		const u = this.users.get(normaliseUsername(usernameRaw));
		if (!u) throw new AuthError('not-found', `no user ${usernameRaw}`);
		return u;
	}

	private requireAnotherAdmin(username: string): void {
		const others = [...this.users.values()].filter((u) => u.username !== username && u.roles.includes('admin') && !u.disabled);
		if (others.length === 0) throw new AuthError('last-admin', 'at least one enabled admin must remain');
	}

	private async endSessionsOf(username: string, keepHash?: string): Promise<void> {
		const ended = await this.deps.sessions.end((s) => s.username === username && s.idHash !== keepHash, this.deps.now()).catch(storageError);
		for (const h of ended) this.deps.sockets.kill(`session:${h}`);
	}
}
