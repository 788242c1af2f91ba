import { spawn } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tempDir } from '../helpers/engine';
import { freePort, ROOT } from '../helpers/server';
import { login } from '../auth/client';

// issue 2: "the same WebSocket routes work in `vite dev`" (scripts/vite-dev-websocket.ts)
const dir = tempDir();
afterAll(() => dir.cleanup());

it('serves the ingest and board WebSockets under vite dev', async () => {
	const port = await freePort();
	const key = 'dev-key-0123456789abcdef';
	let out = '';
	const proc = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'dev', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
		cwd: ROOT,
		env: { ...process.env, DATA_PATH: dir.path, INGEST_KEYS: `dev:${key}`, SIMULATOR: 'off', ADMIN_USERNAME: 'dev-admin', ADMIN_PASSWORD: 'dev-admin-password' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	try {
		const deadline = Date.now() + 90_000;
		for (;;) {
			const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
			if (ok) break;
			if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`vite dev did not come up:\n${out}`);
			await new Promise((r) => setTimeout(r, 300));
		}
		const ingest = new WebSocket(`ws://127.0.0.1:${port}/api/v1/events/stream`, { headers: { authorization: `Bearer ${key}` } });
		const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
			ingest.once('open', () =>
				ingest.send(JSON.stringify({ seq: 'd1', events: [{ event_id: 'dv1', ts: Date.now(), type: 'contact.arrived', contact_id: 'dc1', channel: 'chat', queue: 'presale' }] }))
			);
			ingest.once('message', (m) => resolve(JSON.parse(m.toString())));
			ingest.once('error', reject);
		});
		ingest.close();
		expect(answer).toEqual({ seq: 'd1', accepted: 1, duplicates: 0, rejected: [] });
		const cookie = await login(`http://127.0.0.1:${port}`, 'dev-admin', 'dev-admin-password');
		const board = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime/stream`, { headers: { cookie, origin: `http://127.0.0.1:${port}` } });
		const snap = await new Promise<{ snapshot: { channels: { channel: string; waiting: number }[] } }>((resolve, reject) => {
			board.once('message', (m) => resolve(JSON.parse(m.toString())));
			board.once('error', reject);
		});
		board.close();
		expect(snap.snapshot.channels.find((c) => c.channel === 'chat')!.waiting).toBe(1);
	} finally {
		proc.kill('SIGTERM');
		await new Promise((r) => proc.once('exit', r));
	}
});
