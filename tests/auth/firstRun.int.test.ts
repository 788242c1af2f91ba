import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { startServer, type RunningServer } from '../helpers/server';
import { cookieFrom, login, request, shownSecret } from './client';

// First run with no ADMIN_USERNAME and no INGEST_KEYS (the README's `npm start` on a fresh clone),
// and session expiry with short times set through config (SESSION_IDLE_SEC=3, SESSION_MAX_SEC=6).

const IDLE_SEC = 3;
const MAX_SEC = 6;
const PW = 'first-admin-password';
const dir = tempDir('csops-auth-first-');
let s: RunningServer;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
	s = await startServer({ DATA_PATH: dir.path, SESSION_IDLE_SEC: String(IDLE_SEC), SESSION_MAX_SEC: String(MAX_SEC) });
});
afterAll(async () => {
	await s?.stop('SIGKILL');
	dir.cleanup();
});

async function ingest(key: string, id: string): Promise<number> {
	const r = await fetch(`${s.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
		body: JSON.stringify([{ event_id: id, ts: Date.now(), type: 'contact.arrived', contact_id: id, channel: 'chat', queue: 'presale' }])
	});
	return r.status;
}

describe('first run without a configured admin', () => {
	const tokenFile = join(dir.path, 'setup-token');

	it('writes a set-up token (0600), names the file in the log but not the token, and sends pages to /setup', async () => {
		expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
		const token = readFileSync(tokenFile, 'utf8').trim();
		expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
		expect(s.output()).toContain(tokenFile);
		expect(s.output()).not.toContain(token);
		const home = await request(s.url, '/');
		expect([home.status, home.location]).toEqual([303, '/setup']);
		expect((await request(s.url, '/login')).text).toContain('/setup');
		expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
	});

	it('keeps the first-run ingest key for "local" working while it is the only key', async () => {
		const key = readFileSync(join(dir.path, 'ingest-key'), 'utf8').trim();
		expect(await ingest(key, 'local-1')).toBe(200);
	});

	it('creates the first admin only with the right token and a long enough password, then closes /setup', async () => {
		const token = readFileSync(tokenFile, 'utf8').trim();
		const form = { token, username: 'Admin', displayName: '管理员', password: PW, confirm: PW };
		expect((await request(s.url, '/setup', { form: { ...form, token: 'guess'.repeat(9) } })).status).toBe(403);
		expect((await request(s.url, '/setup', { form: { ...form, password: 'short', confirm: 'short' } })).status).toBe(400);
		const ok = await request(s.url, '/setup', { form });
		expect([ok.status, ok.location]).toEqual([303, '/admin/users']);
		const cookie = cookieFrom(ok, 'csops_session')!;
		expect((await request(s.url, '/admin/users', { cookie })).status).toBe(200);
		expect(existsSync(tokenFile)).toBe(false);
		expect((await request(s.url, '/setup')).location).toBe('/login');
		expect((await request(s.url, '/setup', { form })).status).toBe(403);
		expect((await request(s.url, '/')).location).toBe('/login?next=%2F');
	});

	it('retires the first-run key once an admin creates a key', async () => {
		const local = readFileSync(join(dir.path, 'ingest-key'), 'utf8').trim();
		const cookie = await login(s.url, 'admin', PW);
		const r = await request(s.url, '/admin/ingest-keys?/create', { cookie, form: { source: 'crm', label: '' } });
		const key = shownSecret(r.text);
		expect(await ingest(key, 'crm-1')).toBe(200);
		expect(await ingest(local, 'local-2')).toBe(401);
	});
});

describe('session expiry (idle and absolute)', () => {
	it('ends a session unused for SESSION_IDLE_SEC, and a busy one SESSION_MAX_SEC after sign-in', async () => {
		const busy = await login(s.url, 'admin', PW);
		const t0 = Date.now();
		const idle = await login(s.url, 'admin', PW);
		const status = async (cookie: string) => (await request(s.url, '/api/v1/realtime', { cookie })).status;
		// busy: used every second, so never idle for 3 s, yet over after 6 s
		for (let i = 1; i <= 5; i++) {
			await sleep(Math.max(0, t0 + i * 1000 - Date.now()));
			expect(await status(busy), `busy session at ${i} s`).toBe(200);
			if (i === 1) expect(await status(idle), 'idle session after 1 s unused').toBe(200);
		}
		// idle: last used at 1 s, unused for about 4 s now (> 3 s)
		expect(await status(idle)).toBe(401);
		await sleep(Math.max(0, t0 + MAX_SEC * 1000 + 300 - Date.now()));
		expect(await status(busy)).toBe(401);
		const page = await request(s.url, '/admin/users', { cookie: busy });
		expect(page.location).toBe('/login?next=%2Fadmin%2Fusers');
		expect(page.setCookies.find((c) => c.startsWith('csops_session='))).toMatch(/Max-Age=0/); // the browser is told to drop it
	});
});
