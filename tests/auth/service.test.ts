import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthSettings } from '../../src/lib/server/config/config';
import { IngestKeys } from '../../src/lib/server/auth/ingestKeys';
import { LoginLimiter } from '../../src/lib/server/auth/rateLimit';
import { AccessControl, AuthError } from '../../src/lib/server/auth/service';
import { memoryRepo } from './memoryRepo';

// The access-control service on an in-memory repository with an injected clock: exact expiry
// boundaries without waiting. The oracle for each number is the setting it comes from (stated inline).

const PW = 'correct horse battery staple';
const settings = (over: Partial<AuthSettings> = {}): AuthSettings => ({
	sessionIdleSec: 1800,
	sessionMaxSec: 12 * 3600,
	loginMaxFailures: 5,
	loginWindowSec: 900,
	ingestKeyGraceSec: 86400,
	initialAdmin: { username: 'root', password: PW },
	boardTokens: [],
	...over
});

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(over: Partial<AuthSettings> = {}, repo = memoryRepo(), t0 = Date.UTC(2026, 10, 11, 8)) {
	const clock = { t: t0 };
	const dataPath = mkdtempSync(join(tmpdir(), 'csops-auth-'));
	dirs.push(dataPath);
	const keys = new IngestKeys([], () => clock.t);
	const logs: string[] = [];
	const ac = await AccessControl.start({ repo, settings: settings(over), dataPath, keys, now: () => clock.t, log: (m) => logs.push(m), sweepEveryMs: 0 });
	return { ac, clock, keys, repo, dataPath, logs };
}

async function signIn(ac: AccessControl, user = 'root', pw = PW, ip = '10.0.0.1') {
	const r = await ac.signIn.login(user, pw, ip);
	if (!r.ok) throw new Error(`login failed: ${r.code}`);
	return r.sessionId;
}

describe('sessions', () => {
	it('end after the idle time without use, and are kept alive by use', async () => {
		const { ac, clock } = await setup({ sessionIdleSec: 1800 });
		const id = await signIn(ac);
		clock.t += 1799_000; // 1 s before the 30 min idle limit
		expect(ac.userFromSession(id)?.username).toBe('root');
		clock.t += 1799_000; // used 1799 s ago: still alive
		expect(ac.userFromSession(id)).not.toBeNull();
		clock.t += 1800_000; // exactly the idle time since last use
		expect(ac.userFromSession(id)).toBeNull();
	});

	it('end at the absolute limit however busy', async () => {
		const { ac, clock } = await setup({ sessionIdleSec: 1800, sessionMaxSec: 3600 });
		const id = await signIn(ac);
		for (let i = 0; i < 59; i++) {
			clock.t += 60_000;
			expect(ac.userFromSession(id)).not.toBeNull();
		}
		clock.t += 59_999; // 3599.999 s after sign-in
		expect(ac.userFromSession(id)).not.toBeNull();
		clock.t += 1; // 3600 s
		expect(ac.userFromSession(id)).toBeNull();
	});

	it('survive a restart (stored hashed), and logout is stored too', async () => {
		const { ac, repo, clock } = await setup();
		const a = await signIn(ac);
		const b = await signIn(ac);
		await ac.signIn.logout(b);
		const again = await setup({}, repo, clock.t + 1000);
		expect(again.ac.userFromSession(a)?.username).toBe('root');
		expect(again.ac.userFromSession(b)).toBeNull();
		const stored = await repo.loadSessions(clock.t);
		expect(stored.map((s) => s.idHash)).not.toContain(a); // only the digest is kept
		expect(JSON.stringify(stored)).not.toContain(a);
	});

	it('end when the user is disabled, and a new password ends the other sessions', async () => {
		const { ac } = await setup();
		await ac.users.create('root', { username: 'Sup1', displayName: '主管一', roles: ['supervisor'], password: PW });
		const s1 = await signIn(ac, 'sup1');
		const s2 = await signIn(ac, 'SUP1'); // usernames are case-insensitive
		await ac.users.setPassword('root', 'sup1', 'another long password');
		expect(ac.userFromSession(s1)).toBeNull();
		expect(ac.userFromSession(s2)).toBeNull();
		const s3 = await signIn(ac, 'sup1', 'another long password');
		await ac.users.update('root', 'sup1', { displayName: '主管一', roles: ['supervisor'], disabled: true });
		expect(ac.userFromSession(s3)).toBeNull();
		expect(await ac.signIn.login('sup1', 'another long password', '10.0.0.1')).toEqual({ ok: false, code: 'login-failed' });
	});
});

describe('sign-in', () => {
	it('gives unknown users, wrong passwords and disabled users the same answer', async () => {
		const { ac } = await setup();
		expect(await ac.signIn.login('nobody', PW, 'a')).toEqual({ ok: false, code: 'login-failed' });
		expect(await ac.signIn.login('root', 'wrong password!!', 'a')).toEqual({ ok: false, code: 'login-failed' });
		expect(await ac.signIn.login("root' OR '1'='1", PW, 'a')).toEqual({ ok: false, code: 'login-failed' });
	});

	it('blocks a username + address after 5 failures in 15 min, until the first leaves the window', async () => {
		const { ac, clock } = await setup({ loginMaxFailures: 5, loginWindowSec: 900 });
		const t0 = clock.t;
		for (let i = 0; i < 5; i++) {
			expect((await ac.signIn.login('root', 'wrong password!!', '10.0.0.9')).ok).toBe(false);
			clock.t += 10_000;
		}
		// first failure at t0, window 900 s → blocked until t0 + 900 s; now t0 + 50 s → 850 s left
		expect(await ac.signIn.login('root', PW, '10.0.0.9')).toEqual({ ok: false, code: 'login-limited', retryAfterSec: 850 });
		expect((await ac.signIn.login('root', PW, '10.0.0.10')).ok).toBe(true); // another address
		clock.t = t0 + 900_000;
		expect((await ac.signIn.login('root', PW, '10.0.0.9')).ok).toBe(true);
	});

	it('100 simultaneous sign-ins for one user (99 wrong, 1 right): at most the limit (5) are verified (issue 24 race)', async () => {
		const { ac } = await setup({ loginMaxFailures: 5, loginWindowSec: 900 });
		// the right password is the last one started: under check-then-verify all 100 were verified and it signed in
		const attempts = Array.from({ length: 100 }, (_, i) => ac.signIn.login('root', i === 99 ? PW : `wrong password ${i}!!`, '10.0.0.7'));
		const results = await Promise.all(attempts);
		const verified = results.filter((r) => r.ok || r.code === 'login-failed').length;
		const limited = results.filter((r) => !r.ok && r.code === 'login-limited').length;
		// the oracle: loginMaxFailures = 5 reservations are granted before any hash finishes; the other 95 are refused unverified
		expect(verified).toBe(5);
		expect(limited).toBe(95);
		expect(results[99]).toMatchObject({ ok: false, code: 'login-limited' });
	});

	it('a right password among the first attempts still signs in, and clears the count', async () => {
		const { ac } = await setup({ loginMaxFailures: 5, loginWindowSec: 900 });
		const results = await Promise.all([ac.signIn.login('root', PW, '10.0.0.8'), ...Array.from({ length: 9 }, () => ac.signIn.login('root', 'wrong password!!', '10.0.0.8'))]);
		expect(results[0].ok).toBe(true);
		// 5 reservations were taken synchronously (1 right + 4 wrong) before any hash finished; 5 refused
		expect(results.filter((r) => !r.ok && r.code === 'login-limited').length).toBe(5);
	});

	it('the limiter alone: reserve counts the attempt before it is verified', () => {
		const l = new LoginLimiter(2, 1000);
		expect(l.reserve('k', 0)).toBe(0);
		expect(l.reserve('k', 10)).toBe(0);
		expect(l.reserve('k', 20)).toBe(980); // two reservations in the window: blocked until 0 + 1000
		l.succeed('k');
		expect(l.reserve('k', 30)).toBe(0);
	});

	it('the limiter alone: sliding window, success clears', () => {
		const l = new LoginLimiter(3, 1000);
		l.fail('k', 0);
		l.fail('k', 100);
		expect(l.blockedForMs('k', 200)).toBe(0);
		l.fail('k', 200);
		expect(l.blockedForMs('k', 300)).toBe(700); // oldest (0) + 1000 − 300
		expect(l.blockedForMs('k', 1000)).toBe(0); // the failure at 0 left the window
		l.fail('k', 1000);
		expect(l.blockedForMs('k', 1000)).toBe(100);
		l.succeed('k');
		expect(l.blockedForMs('k', 1000)).toBe(0);
	});
});

describe('first admin', () => {
	it('comes from config only when no user exists; no set-up token is left', async () => {
		const { ac, repo, dataPath, logs } = await setup();
		expect(ac.users.list().map((u) => [u.username, u.roles])).toEqual([['root', ['admin']]]);
		expect(existsSync(join(dataPath, 'setup-token'))).toBe(false);
		expect(logs.join('\n')).not.toContain(PW);
		const again = await setup({ initialAdmin: { username: 'other', password: 'another long password' } }, repo);
		expect(again.ac.users.list().map((u) => u.username)).toEqual(['root']);
	});

	it('or from a one-time set-up token in <DATA_PATH>/setup-token (0600)', async () => {
		const { ac, dataPath } = await setup({ initialAdmin: null });
		expect(ac.usersExist()).toBe(false);
		const file = join(dataPath, 'setup-token');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const token = readFileSync(file, 'utf8').trim();
		const input = { token: 'x'.repeat(43), username: 'admin', displayName: '', password: PW, confirm: PW };
		await expect(ac.signIn.completeSetup(input, 'a')).rejects.toMatchObject({ code: 'setup-token' });
		await expect(ac.signIn.completeSetup({ ...input, token, password: 'short', confirm: 'short' }, 'a')).rejects.toMatchObject({ code: 'password-invalid' });
		await expect(ac.signIn.completeSetup({ ...input, token, confirm: 'different one!!' }, 'a')).rejects.toMatchObject({ code: 'password-mismatch' });
		const r = await ac.signIn.completeSetup({ ...input, token }, 'a');
		expect(ac.userFromSession(r.sessionId)?.roles).toEqual(['admin']);
		expect(existsSync(file)).toBe(false);
		await expect(ac.signIn.completeSetup({ ...input, token }, 'a')).rejects.toMatchObject({ code: 'setup-done' });
	});
});

describe('user administration', () => {
	it('keeps at least one enabled admin and refuses to lock yourself out', async () => {
		const { ac } = await setup();
		await expect(ac.users.update('root', 'root', { displayName: 'r', roles: ['manager'], disabled: false })).rejects.toMatchObject({ code: 'self' });
		await expect(ac.users.delete('root', 'root')).rejects.toMatchObject({ code: 'self' });
		await ac.users.create('root', { username: 'second', displayName: '', roles: ['admin'], password: PW });
		await expect(ac.users.delete('second', 'root')).resolves.toBeUndefined();
		await expect(ac.users.update('second', 'second', { displayName: '', roles: ['planner'], disabled: false })).rejects.toMatchObject({ code: 'self' });
	});

	it('validates names, roles, passwords; free text is stored as given', async () => {
		const { ac } = await setup();
		const base = { username: 'u1', displayName: "'; DROP TABLE auth_users; --", roles: ['planner'], password: PW };
		await expect(ac.users.create('root', { ...base, username: "x'; DROP TABLE auth_users; --" })).rejects.toMatchObject({ code: 'username-invalid' });
		await expect(ac.users.create('root', { ...base, roles: ['god'] })).rejects.toMatchObject({ code: 'roles-invalid' });
		await expect(ac.users.create('root', { ...base, roles: [] })).rejects.toMatchObject({ code: 'roles-invalid' });
		await expect(ac.users.create('root', { ...base, password: '短密码' })).rejects.toMatchObject({ code: 'password-invalid' });
		await expect(ac.users.create('root', { ...base, displayName: 'a\u0000b' })).rejects.toMatchObject({ code: 'text-invalid' });
		await ac.users.create('root', base);
		await expect(ac.users.create('root', base)).rejects.toMatchObject({ code: 'username-taken' });
		expect(ac.users.list().find((u) => u.username === 'u1')?.displayName).toBe("'; DROP TABLE auth_users; --");
	});

	it('changes nothing in memory when storage fails', async () => {
		const { ac, repo } = await setup();
		repo.failNextSave = true;
		await expect(ac.users.create('root', { username: 'u2', displayName: '', roles: ['planner'], password: PW })).rejects.toMatchObject({ code: 'storage' });
		expect(ac.users.list().map((u) => u.username)).toEqual(['root']);
	});
});

describe('ingest keys', () => {
	it('rotate with overlap: the old key works until the grace ends, the new one from now on', async () => {
		const { ac, keys, clock } = await setup({ ingestKeyGraceSec: 86400 });
		const { record: a, secret: aKey } = await ac.ingestKeys.create('root', { source: 'crm', label: '客服系统' });
		expect(keys.verify(aKey)).toBe('crm');
		expect(JSON.stringify(ac.listIngestKeys())).not.toContain(aKey);
		const b = await ac.ingestKeys.rotate('root', a.id);
		expect(b.old.expiresAtMs).toBe(clock.t + 86400_000);
		expect([keys.verify(aKey), keys.verify(b.secret)]).toEqual(['crm', 'crm']);
		await expect(ac.ingestKeys.rotate('root', a.id)).rejects.toMatchObject({ code: 'inactive' });
		clock.t += 86400_000 - 1;
		expect(keys.verify(aKey)).toBe('crm');
		clock.t += 1;
		expect(keys.verify(aKey)).toBeNull();
		expect(keys.verify(b.secret)).toBe('crm');
		expect(ac.listIngestKeys().find((k) => k.id === a.id)?.status).toBe('expired');
	});

	it('revoke is immediate, closes the sockets the key opened, and survives a restart', async () => {
		const { ac, keys, repo, clock } = await setup();
		const { record: a, secret: aKey } = await ac.ingestKeys.create('root', { source: 'pos', label: '' });
		const socket = new PassThrough();
		const req = { headers: { authorization: `Bearer ${aKey}` }, socket } as unknown as IncomingMessage;
		expect(ac.authorizeUpgrade(req, new URL('http://x/api/v1/events/stream'))).toEqual({ ok: true, principal: 'pos' });
		await ac.ingestKeys.revoke('root', a.id);
		expect(socket.destroyed).toBe(true);
		expect(keys.verify(aKey)).toBeNull();
		expect(ac.authorizeUpgrade(req, new URL('http://x/api/v1/events/stream'))).toMatchObject({ status: 401 });
		const again = await setup({}, repo, clock.t);
		expect(again.keys.verify(aKey)).toBeNull();
	});

	it('the first-run key for "local" works only while no other key exists', async () => {
		const { ac, keys } = await setup();
		keys.addBootstrap('local', 'local-key-0123456789');
		expect(keys.verify('local-key-0123456789')).toBe('local');
		const { record: k } = await ac.ingestKeys.create('root', { source: 'crm', label: '' });
		expect(keys.verify('local-key-0123456789')).toBeNull();
		await ac.ingestKeys.revoke('root', k.id);
		expect(keys.verify('local-key-0123456789')).toBe('local');
		await expect(ac.ingestKeys.create('root', { source: "crm'; --", label: '' })).rejects.toMatchObject({ code: 'source-invalid' });
	});
});

describe('board tokens', () => {
	it('are verified by digest, revocable, and close their sockets on revocation', async () => {
		const { ac } = await setup({ boardTokens: [{ label: 'lobby', token: 'lobby-token-0123456789' }] });
		const { record: b, secret: bToken } = await ac.boardTokens.create('root', { label: '3楼电视墙' });
		expect(ac.boardFromToken(bToken)).toMatchObject({ kind: 'board', label: '3楼电视墙' });
		expect(ac.boardFromToken('lobby-token-0123456789')).toMatchObject({ tokenId: 'config:lobby' });
		const socket = new PassThrough();
		const req = { headers: { cookie: `csops_board=${bToken}`, host: 'x' }, socket } as unknown as IncomingMessage;
		expect(ac.authorizeUpgrade(req, new URL('http://x/api/v1/realtime/stream'))).toEqual({ ok: true, principal: 'board:3楼电视墙', grants: [] });
		// a board token is no ingest key and opens no other socket
		expect(ac.authorizeUpgrade(req, new URL('http://x/api/v1/events/stream'))).toMatchObject({ status: 401 });
		await ac.boardTokens.revoke('root', b.id);
		expect(socket.destroyed).toBe(true);
		expect(ac.boardFromToken(bToken)).toBeNull();
		await expect(ac.boardTokens.revoke('root', 'config:lobby')).rejects.toBeInstanceOf(AuthError);
	});

	it('refuse a cross-origin browser on the board socket', async () => {
		const { ac } = await setup();
		const id = await signIn(ac);
		const req = (origin: string) =>
			({ headers: { cookie: `csops_session=${id}`, host: 'ops.example:3000', origin }, socket: new PassThrough() }) as unknown as IncomingMessage;
		expect(ac.authorizeUpgrade(req('https://evil.example'), new URL('http://x/api/v1/realtime/stream'))).toMatchObject({ status: 403 });
		expect(ac.authorizeUpgrade(req('http://ops.example:3000'), new URL('http://x/api/v1/realtime/stream'))).toEqual({ ok: true, principal: 'user:root', grants: ['alerts'] });
	});
});
