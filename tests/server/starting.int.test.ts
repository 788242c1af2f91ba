import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tempDir } from '../helpers/engine';
import { freePort, ROOT } from '../helpers/server';

// Decision 0100: the port opens before storage and the live-state rebuild, and until the runtime is
// ready every answer is an honest 503. The start is held after the port opened (test knob
// CSOPS_TEST_START_HOLD_MS) so the "starting" answers are observed deterministically.
// Oracle: docs/events.md (503 + Retry-After: resend; nothing of it was stored) and decision 0100.

const KEY = 'start-key-0123456789abcdef';
const dir = tempDir('csops-starting-');
let proc: ReturnType<typeof spawn> | null = null;
afterAll(() => {
	proc?.kill('SIGKILL');
	dir.cleanup();
});

const event = { event_id: 'during-start-1', ts: Date.now(), type: 'contact.arrived', contact_id: 'c-start-1', channel: 'chat', queue: 'presale' };

describe('while the server is starting', () => {
	it('answers 503 "starting" on health, the ingest API, pages and WebSocket upgrades; then serves, and the refused event was not stored', async () => {
		const port = await freePort();
		let out = '';
		proc = spawn(process.execPath, ['scripts/server.js'], {
			cwd: ROOT,
			env: { ...process.env, UV_THREADPOOL_SIZE: '16', HOST: '127.0.0.1', PORT: String(port), SIMULATOR: 'off', DATA_PATH: dir.path, INGEST_KEYS: `crm:${KEY}`, CSOPS_TEST_START_HOLD_MS: '4000' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		proc.stdout!.on('data', (d) => (out += d));
		proc.stderr!.on('data', (d) => (out += d));
		const url = `http://127.0.0.1:${port}`;
		// the first answer of any kind: the port is open
		let health: Response | null = null;
		for (let i = 0; i < 600 && !health; i++) {
			health = await fetch(`${url}/api/health`).catch(() => null);
			if (!health) await new Promise((r) => setTimeout(r, 50));
		}
		expect(health, out).not.toBeNull();
		expect(health!.status).toBe(503);
		expect(await health!.json()).toMatchObject({ status: 'starting', step: 'held by CSOPS_TEST_START_HOLD_MS' });

		const post = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify([event]) });
		expect(post.status).toBe(503);
		expect(post.headers.get('retry-after')).toBe('2');
		expect(((await post.json()) as { error: string }).error).toContain('nothing was stored');

		const page = await fetch(`${url}/board`);
		expect(page.status).toBe(503);
		const html = await page.text();
		expect(html).toContain('服务正在启动');
		expect(html).toContain('The server is starting');
		expect(html).toContain('http-equiv="refresh"');

		const upgrade = await new Promise<number>((resolve) => {
			const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/events/stream`, { headers: { authorization: `Bearer ${KEY}` } });
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('open', () => resolve(101));
			ws.on('error', () => undefined);
		});
		expect(upgrade).toBe(503);

		// then the runtime is ready and the same event is taken: the 503 stored nothing
		let ready = false;
		for (let i = 0; i < 1200 && !ready; i++) {
			ready = (await fetch(`${url}/api/health`).catch(() => null))?.status === 200;
			if (!ready) await new Promise((r) => setTimeout(r, 100));
		}
		expect(ready, out).toBe(true);
		const again = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify([event]) });
		expect(await again.json()).toMatchObject({ accepted: 1, duplicates: 0 });
		expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(t\+[\d.]+ s after the process started; answering 503 "starting"/);
		expect(out).toMatch(/ready: serving on port \d+/);
	});
});
