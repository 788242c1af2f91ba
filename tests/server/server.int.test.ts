import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExpectingFailure, startServer, type RunningServer } from '../helpers/server';
import { tempDir } from '../helpers/engine';

// The real production server (build/ + scripts/server.js) on the real embedded engine.

const KEY = 'test-key-0123456789abcdef';
const env = (dataPath: string) => ({ DATA_PATH: dataPath, INGEST_KEYS: `crm:${KEY}` });

function contactEvents(prefix: string, n: number, baseMs = Date.now() - 60_000) {
	return Array.from({ length: n }, (_, i) => ({
		event_id: `${prefix}-${i}`,
		ts: baseMs + i,
		type: 'contact.arrived',
		contact_id: `${prefix}-c${i}`,
		channel: ['chat', 'phone', 'email', 'ticket'][i % 4],
		queue: 'presale'
	}));
}

async function post(s: RunningServer, body: string, headers: Record<string, string> = {}) {
	const r = await fetch(`${s.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
		body
	});
	return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> };
}

async function health(s: RunningServer) {
	return (await (await fetch(`${s.url}/api/health`)).json()) as {
		status: string;
		storage: { kind: string };
		migrations: { applied: number; expected: number };
		events: { contact: number };
	};
}

function openSocket(s: RunningServer, key = KEY): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/events/stream`, { headers: { authorization: `Bearer ${key}` } });
		ws.once('open', () => resolve(ws));
		ws.once('error', reject);
		ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
	});
}

describe('production server on the embedded engine', () => {
	const dir = tempDir();
	let s: RunningServer;

	beforeAll(async () => {
		const t0 = Date.now();
		s = await startServer(env(dir.path));
		// issue 2: /api/health reports the embedded engine and applied migrations within 60 s
		expect(Date.now() - t0).toBeLessThan(60_000);
	});
	afterAll(async () => {
		await s?.stop('SIGKILL');
		dir.cleanup();
	});

	it('reports the embedded engine and its migrations', async () => {
		const h = await health(s);
		expect(h.status).toBe('ok');
		expect(h.storage.kind).toBe('embedded');
		expect(h.migrations.applied).toBe(h.migrations.expected);
		expect(h.migrations.applied).toBeGreaterThanOrEqual(2);
	});

	it('answers every bad-input class with its error and stays up', async () => {
		expect((await post(s, '[]', { authorization: 'Bearer wrong-key' })).status).toBe(401);
		const bad = await post(s, '[\n{"event_id": "x",\n "ts": }\n]');
		expect(bad.status).toBe(400);
		expect(bad.body).toMatchObject({ line: 3 });
		const big = await post(s, JSON.stringify(contactEvents('big', 1)).padEnd(11 * 1024 * 1024, ' '));
		expect(big.status).toBe(413);
		const mixed = await post(
			s,
			JSON.stringify([
				...contactEvents('mix', 2),
				{ event_id: 'mix-bad', ts: 'yesterday', type: 'contact.arrived', contact_id: 'x', channel: 'chat', queue: 'presale' },
				{ event_id: 'mix-fax', ts: Date.now(), type: 'contact.arrived', contact_id: 'y', channel: 'fax', queue: 'presale' },
				{ event_id: 'mix-fut', ts: Date.now() + 86_400_000, type: 'contact.arrived', contact_id: 'z', channel: 'chat', queue: 'presale' }
			])
		);
		expect(mixed.status).toBe(200);
		expect(mixed.body.accepted).toBe(2); // the valid siblings of bad events are stored
		expect(mixed.body.rejected).toEqual([
			expect.objectContaining({ index: 2, event_id: 'mix-bad', field: 'ts' }),
			expect.objectContaining({ index: 3, event_id: 'mix-fax', field: 'channel' }),
			expect.objectContaining({ index: 4, event_id: 'mix-fut', field: 'ts', message: expect.stringMatching(/future/) })
		]);
		expect((await health(s)).status).toBe('ok');
	});

	it('stores nothing twice when a batch is resent', async () => {
		const batch = JSON.stringify(contactEvents('dup', 50));
		const before = (await health(s)).events.contact;
		expect((await post(s, batch)).body).toMatchObject({ accepted: 50, duplicates: 0 });
		expect((await post(s, batch)).body).toMatchObject({ accepted: 0, duplicates: 50 });
		expect((await health(s)).events.contact).toBe(before + 50);
	});

	it('refuses a cross-origin JSON POST on non-ingest endpoints but not the bearer-key ingest API', async () => {
		const r = await fetch(`${s.url}/api/health`, { method: 'POST', headers: { origin: 'https://evil.example' } });
		expect(r.status).toBe(403);
		expect((await post(s, JSON.stringify(contactEvents('orig', 1)), { origin: 'https://crm.example' })).status).toBe(200);
	});

	it('answers WebSocket messages with the echoed seq, and closes on an oversize frame', async () => {
		await expect(openSocket(s, 'nope-nope-nope-nope')).rejects.toThrow(/401/);
		const ws = await openSocket(s);
		const answers: Record<string, unknown>[] = [];
		ws.on('message', (m) => answers.push(JSON.parse(m.toString())));
		ws.send(JSON.stringify({ seq: 1, events: contactEvents('ws', 10) }));
		ws.send(JSON.stringify({ seq: 2, events: contactEvents('ws', 10) }));
		ws.send('{not json');
		await waitFor(() => answers.length === 3);
		expect(answers).toContainEqual({ seq: 1, accepted: 10, duplicates: 0, rejected: [] });
		expect(answers).toContainEqual({ seq: 2, accepted: 0, duplicates: 10, rejected: [] });
		expect(answers).toContainEqual(expect.objectContaining({ error: expect.stringMatching(/not valid JSON/), line: 1 }));
		const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
		ws.send('x'.repeat(5 * 1024 * 1024));
		expect(await closed).toBe(1009);
		expect((await health(s)).status).toBe('ok');
	});

	it('keeps the data over a restart', async () => {
		const before = (await health(s)).events.contact;
		expect(await s.stop('SIGTERM')).toBe(0);
		s = await startServer(env(dir.path));
		expect((await health(s)).events.contact).toBe(before);
		// dedup memory is rebuilt from storage: an old batch is still a duplicate
		expect((await post(s, JSON.stringify(contactEvents('dup', 50)))).body).toMatchObject({ accepted: 0, duplicates: 50 });
	});
});

describe('crash safety', () => {
	const dir = tempDir();
	afterAll(() => dir.cleanup());

	it('kill -9 during a load, restart, resend unacked → exact count, no duplicates', async () => {
		let s = await startServer(env(dir.path));
		const batches = Array.from({ length: 60 }, (_, b) => contactEvents(`crash-b${b}`, 500, Date.now() - 120_000 + b * 500));
		const acked = new Set<number>();
		const ws = await openSocket(s);
		ws.on('message', (m) => {
			const a = JSON.parse(m.toString()) as { seq: number; accepted?: number };
			if (typeof a.accepted === 'number') acked.add(a.seq);
		});
		ws.on('error', () => undefined);
		for (let b = 0; b < batches.length; b++) {
			ws.send(JSON.stringify({ seq: b, events: batches[b] }));
			if (b === 30) {
				await waitFor(() => acked.size >= 5);
				s.proc.kill('SIGKILL');
				break;
			}
		}
		await new Promise((r) => s.proc.once('exit', r));
		expect(acked.size).toBeGreaterThan(0);
		s = await startServer(env(dir.path));
		// The client resends everything it has no ack for (and, to be thorough, two it has).
		const ws2 = await openSocket(s);
		const answers = new Map<number, { accepted: number; duplicates: number }>();
		ws2.on('message', (m) => {
			const a = JSON.parse(m.toString());
			answers.set(a.seq, a);
		});
		const resend = batches.map((_, b) => b).filter((b) => !acked.has(b));
		resend.push(...[...acked].slice(0, 2));
		for (const b of resend) ws2.send(JSON.stringify({ seq: b, events: batches[b] }));
		await waitFor(() => answers.size === resend.length, 60_000);
		for (const b of [...acked].slice(0, 2)) expect(answers.get(b)).toMatchObject({ accepted: 0, duplicates: 500 });
		ws2.close();
		const h = await health(s);
		expect(h.events.contact).toBe(60 * 500);
		await s.stop('SIGKILL');
	});

	it('drains an in-flight request on SIGTERM before closing storage', async () => {
		const s = await startServer(env(dir.path));
		const pending = post(s, JSON.stringify(contactEvents('drain', 20_000)));
		await new Promise((r) => setTimeout(r, 30));
		const exit = s.stop('SIGTERM');
		const r = await pending;
		expect(r.status).toBe(200);
		expect(r.body.accepted).toBe(20_000);
		expect(await exit).toBe(0);
		expect(s.output()).toMatch(/stopped cleanly/);
	});
});

describe('start-up configuration errors', () => {
	it('stops with a message naming the key, the value and the rule', async () => {
		const dir = tempDir();
		const r = await startExpectingFailure({ DATA_PATH: dir.path, PORT: '70000' });
		dir.cleanup();
		// 78 = a restart cannot fix it: scripts/start.js does not restart the server in a loop
		expect(r.code).toBe(78);
		expect(r.output).toContain('PORT = "70000": must be a whole number from 1 to 65535');
	});

	it('names the data directory when another process holds it', async () => {
		const dir = tempDir();
		const s = await startServer(env(dir.path));
		const r = await startExpectingFailure({ DATA_PATH: dir.path, PORT: String(s.port + 1) });
		await s.stop('SIGKILL');
		dir.cleanup();
		expect(r.code).toBe(78);
		expect(r.output).toContain(`the data directory ${dir.path} could not be opened; it is most likely in use by another process`);
	});
});

describe('first run', () => {
	it('writes a local ingest key when none is configured, and accepts it', async () => {
		const dir = tempDir();
		const s = await startServer({ DATA_PATH: dir.path });
		const key = readFileSync(join(dir.path, 'ingest-key'), 'utf8').trim();
		const r = await fetch(`${s.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
			body: contactEvents('first', 2).map((e) => JSON.stringify(e)).join('\n')
		});
		expect(await r.json()).toMatchObject({ accepted: 2 });
		await s.stop('SIGKILL');
		dir.cleanup();
	});
});

async function waitFor(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!cond()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 20));
	}
}
