import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { login, request, shownSecret } from '../auth/client';
import { tempDir } from '../helpers/engine';
import { alertEngineQuiet, startServer, type RunningServer } from '../helpers/server';

// Issue 24, must-show 3: the RBAC matrix extended to socket topics. Every principal that may open
// /api/v1/realtime/stream gets the board snapshot; only those that may GET /api/v1/alerts (manager,
// supervisor, admin: policy.ts ALERTS_READ, decision 0007) get the alert list and full notices.
// Planner and board token must receive no alert detail — the oracle is the HTTP answer each
// principal gets from GET /api/v1/alerts, checked in the same test.

const ADMIN = { user: 'root', password: 'root-password-0123' };
const PW = 'user-password-0123';
const KEY = 'topics-key-0123456789abcdef';
const CONFIG_BOARD = 'topics-board-token-0123456789';
const dir = tempDir('csops-topics-');
let s: RunningServer;
const cookies: Record<string, string> = {};

type Who = 'sup' | 'plan' | 'mgr' | 'admin' | 'board';
const WHO: Who[] = ['sup', 'plan', 'mgr', 'admin', 'board'];
const MAY_READ_ALERTS: Record<Who, boolean> = { sup: true, plan: false, mgr: true, admin: true, board: false };
const sockets = new Map<Who, { ws: WebSocket; messages: { type: string; bytes: number; body: Record<string, unknown> }[] }>();

beforeAll(async () => {
	s = await startServer({ DATA_PATH: dir.path, INGEST_KEYS: `crm:${KEY}`, ADMIN_USERNAME: ADMIN.user, ADMIN_PASSWORD: ADMIN.password, BOARD_TOKENS: `hall:${CONFIG_BOARD}` });
	cookies.admin = await login(s.url, ADMIN.user, ADMIN.password);
	for (const [name, role] of [
		['sup', 'supervisor'],
		['plan', 'planner'],
		['mgr', 'manager']
	]) {
		const r = await request(s.url, '/admin/users?/create', { cookie: cookies.admin, form: { username: name, displayName: name, roles: [role], password: PW } });
		expect(r.status, r.text.slice(0, 300)).toBe(200);
		cookies[name] = await login(s.url, name, PW);
	}
	const b = await request(s.url, '/admin/board-tokens?/create', { cookie: cookies.admin, form: { label: 'lobby TV' } });
	cookies.board = `csops_board=${shownSecret(b.text)}`;
	for (const who of WHO) {
		const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/realtime/stream`, { headers: { cookie: cookies[who] } });
		const entry = { ws, messages: [] as { type: string; bytes: number; body: Record<string, unknown> }[] };
		ws.on('message', (m) => {
			const text = m.toString();
			const body = JSON.parse(text) as Record<string, unknown>;
			entry.messages.push({ type: String(body.type), bytes: Buffer.byteLength(text), body });
		});
		await new Promise((r, j) => {
			ws.once('open', r);
			ws.once('unexpected-response', (_q, res) => j(new Error(`${who}: upgrade refused ${res.statusCode}`)));
		});
		sockets.set(who, entry);
	}
});

afterAll(async () => {
	for (const { ws } of sockets.values()) ws.close();
	await s?.stop('SIGKILL');
	dir.cleanup();
});

async function send(events: unknown[]) {
	const r = await fetch(`${s.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
	expect(r.status).toBe(200);
	return (await r.json()) as { accepted: number };
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000) {
	const end = Date.now() + timeoutMs;
	while (!cond()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

describe('realtime topics by role', () => {
	it('alert list and full notices reach exactly the principals that may GET /api/v1/alerts', async () => {
		// a chat waiting 200 s with a confidential team: past chat L3 (180 s, config/defaults.ts)
		await send([{ event_id: 'l3-a', ts: Date.now() - 200_000, type: 'contact.arrived', contact_id: 'secret-contact-77', channel: 'chat', queue: 'complaint', team_id: 'LEGAL' }]);
		await waitFor(() => sockets.get('admin')!.messages.some((m) => m.type === 'alerts' && (m.body.active as unknown[]).length > 0), "the admin's alert list");
		await waitFor(() => sockets.get('board')!.messages.some((m) => m.type === 'inapp'), "the board's L3 headline");
		await alertEngineQuiet(s.url, 2); // a few more engine ticks, counted (it was a 2 s pause at alerts.tickMs = 1 s)
		for (const who of WHO) {
			const http = await fetch(`${s.url}/api/v1/alerts`, { headers: { cookie: cookies[who] } });
			expect(http.status === 200, `${who}: GET /api/v1/alerts answered ${http.status}`).toBe(MAY_READ_ALERTS[who]);
			const msgs = sockets.get(who)!.messages;
			expect(msgs.some((m) => m.type === 'snapshot'), `${who} gets the board snapshot`).toBe(true);
			const alertLists = msgs.filter((m) => m.type === 'alerts');
			const notices = msgs.filter((m) => m.type === 'inapp').map((m) => m.body.message as Record<string, unknown>);
			const raw = JSON.stringify(msgs.filter((m) => m.type !== 'snapshot').map((m) => m.body));
			if (MAY_READ_ALERTS[who]) {
				expect(alertLists.length, `${who} gets the alert list`).toBeGreaterThan(0);
				expect(notices.some((n) => 'data' in n && 'audience' in n), `${who} gets full notices`).toBe(true);
			} else {
				expect(alertLists, `${who} must not get the alert list`).toHaveLength(0);
				for (const n of notices) {
					expect(Object.keys(n).sort(), `${who}: a headline only`).toEqual(['createdAtMs', 'id', 'kind', 'level', 'sound', 'text', 'title', 'type']);
					expect(n.text).toBe(n.title);
					expect(Number(n.level)).toBeGreaterThanOrEqual(2);
				}
				expect(raw, `${who} must not see the contact id`).not.toContain('secret-contact-77');
				expect(raw, `${who} must not see the team`).not.toContain('LEGAL');
			}
		}
		// the snapshots themselves carry no team or contact id beyond the board's oldest-waiting list
		expect(JSON.stringify(sockets.get('board')!.messages.filter((m) => m.type === 'snapshot').map((m) => m.body))).not.toContain('LEGAL');
	});

	it('a kiosk receives at most 64 kB a second with 5 000 chats waiting and events arriving', async () => {
		// 5 000 waiting chats (arrived within the last 20 s: below L1, so no alert storm either)
		const base = Date.now() - 20_000;
		for (let k = 0; k < 5; k++) {
			await send(Array.from({ length: 1000 }, (_, i) => ({ event_id: `wait-${k}-${i}`, ts: base + k * 1000 + i, type: 'contact.arrived', contact_id: `w-${k}-${i}`, channel: 'chat', queue: 'presale' })));
		}
		const board = sockets.get('board')!;
		const start = board.messages.length;
		const t0 = Date.now();
		// a steady trickle: every 50 ms one arrival on another channel, so the board is pushed as often as it can be (≤ every 100 ms)
		let n = 0;
		while (Date.now() - t0 < 10_000) {
			await send([{ event_id: `trickle-${n}`, ts: Date.now() - 1000, type: 'contact.arrived', contact_id: `t-${n}`, channel: 'phone', queue: 'presale' }]);
			n++;
			await new Promise((r) => setTimeout(r, 50));
		}
		const seconds = (Date.now() - t0) / 1000;
		const bytes = board.messages.slice(start).reduce((sum, m) => sum + m.bytes, 0);
		// the last snapshot (the board also receives the banner's board-alerts messages in between)
		const last = board.messages.findLast((m) => (m.body as { type?: string }).type === 'snapshot')!.body as { snapshot: { channels: { channel: string; waiting: number }[] } };
		expect(last.snapshot.channels.find((c) => c.channel === 'chat')!.waiting).toBeGreaterThanOrEqual(5000);
		console.log(`kiosk payload: ${(bytes / seconds / 1024).toFixed(1)} KiB/s over ${seconds.toFixed(1)} s, ${board.messages.length - start} messages`);
		expect(bytes / seconds).toBeLessThanOrEqual(64 * 1000); // issue 24: ≤ 64 kB a second per kiosk
	});
});
