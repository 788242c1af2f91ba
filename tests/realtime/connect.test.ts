import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE_SILENT, connectRealtime, probeHealthStarting, RECONNECT_POLICY, retryDelayMs, type ConnectOptions, type RealtimeHandlers, type RealtimeStatus, type SocketLike } from '../../src/lib/realtime/connect';
import type { RealtimeServerMessage } from '../../src/lib/types/realtime';

/** A fake browser WebSocket: the test plays the server (open, message, close) and reads what was sent. */
class FakeSocket implements SocketLike {
	static made: FakeSocket[] = [];
	readyState = 0;
	onopen: ((ev: unknown) => void) | null = null;
	onmessage: ((ev: { data: unknown }) => void) | null = null;
	onclose: ((ev: { code: number }) => void) | null = null;
	onerror: ((ev: unknown) => void) | null = null;
	sent: string[] = [];
	closedWith: number | null = null;
	constructor(readonly url: string) {
		FakeSocket.made.push(this);
	}
	send(data: string) {
		this.sent.push(data);
	}
	close(code = 1000) {
		this.closedWith = code;
		this.readyState = 3;
	}
	// --- the server's side
	accept() {
		this.readyState = 1;
		this.onopen?.({});
	}
	deliver(data: unknown) {
		this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
	}
	/** the browser's view of a refused upgrade (401, 503 …) or a lost link: error, then close 1006 */
	fail(code = 1006) {
		this.readyState = 3;
		this.onerror?.({});
		this.onclose?.({ code });
	}
	static get last(): FakeSocket {
		return FakeSocket.made[FakeSocket.made.length - 1];
	}
}

const board = { alertLevels: {}, boardAlerts: [], boardAlertTotal: 0 };
const snapshot = { type: 'snapshot', snapshot: { asOfMs: 1, timezone: 'Asia/Shanghai', todayStartMs: 0, channels: [], centre: { agents: { loggedIn: 0, available: 0, onContact: 0, acw: 0, break: 0 }, occupancyPct: null } }, ...board } satisfies RealtimeServerMessage;

/** One well-formed message of each kind, as the publisher sends them. */
const samples: RealtimeServerMessage[] = [
	snapshot,
	{ type: 'board-alerts', ...board },
	{ type: 'alerts', total: 0, active: [] },
	{ type: 'inapp', message: { type: 'alert-notification', id: 'n1', title: '[L3] chat: 3 alerts', text: '[L3] chat: 3 alerts', level: 3, kind: 'firing', sound: true, createdAtMs: 1 } },
	{ type: 'drill', drill: { channel: 'chat', asOfMs: 1, queues: [], teams: [], teamsTotal: 0 } },
	{ type: 'agents', asOfMs: 1, full: true, upsert: [], remove: [] }
];

let statuses: RealtimeStatus[];
function start(extra: Partial<ConnectOptions> = {}) {
	return connectRealtime({
		on: {},
		onStatus: (s) => statuses.push(s),
		WebSocket: FakeSocket,
		url: (path) => `ws://board.test${path}`,
		probeStarting: async () => null,
		random: () => 0,
		...extra
	});
}
/** lets the health probe's promise settle */
const settle = () => vi.advanceTimersByTimeAsync(0);
/** `n` upgrades refused in a row, each retry waited out */
async function failedUpgrades(n: number) {
	for (let i = 0; i < n; i++) {
		FakeSocket.last.fail();
		await settle();
		await vi.advanceTimersByTimeAsync(statuses.at(-1)!.retryAtMs! - Date.now());
	}
}

beforeEach(() => {
	vi.useFakeTimers();
	FakeSocket.made = [];
	statuses = [];
});
afterEach(() => vi.useRealTimers());

describe('retryDelayMs: min(cap, base × 2^n) × (1 − 0.5 r)', () => {
	it('grows by doubling from 500 ms and is capped at 10 s', () => {
		// r = 0 gives the ceiling itself: 500·2^n = 500, 1000, 2000, 4000, 8000, then 16000 → cap 10000
		expect([0, 1, 2, 3, 4, 5, 6, 30].map((n) => retryDelayMs(n, 0))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
	});
	it('takes off at most half the ceiling at random (equal jitter)', () => {
		// r → 1: ceiling × (1 − 0.5 × 0.999) ≈ ceiling / 2: 250.25 → 250, and 10000 × 0.5005 = 5005
		expect(retryDelayMs(0, 0.999)).toBe(250);
		expect(retryDelayMs(9, 0.999)).toBe(5005);
		// r = 0.5: ceiling × 0.75: 1000 × 0.75 = 750
		expect(retryDelayMs(1, 0.5)).toBe(750);
	});
});

describe('connectRealtime: reconnecting', () => {
	it('waits longer after each failed attempt, up to the cap, and opens the next socket exactly then', async () => {
		start();
		// random() = 0: the delays are the ceilings 500, 1000, 2000, 4000, 8000, 10000, 10000 (policy formula)
		const expected = [500, 1000, 2000, 4000, 8000, 10_000, 10_000];
		for (const delay of expected) {
			const before = FakeSocket.made.length;
			FakeSocket.last.fail();
			await settle();
			await vi.advanceTimersByTimeAsync(delay - 1);
			expect(FakeSocket.made.length).toBe(before);
			await vi.advanceTimersByTimeAsync(1);
			expect(FakeSocket.made.length).toBe(before + 1);
		}
		expect(statuses.at(-1)?.state).toBe('connecting');
	});

	it('uses the random draw for jitter (r = 0.5 → three quarters of each ceiling)', async () => {
		start({ random: () => 0.5 });
		const seen: number[] = [];
		for (let i = 0; i < 6; i++) {
			FakeSocket.last.fail();
			await settle();
			const s = statuses.at(-1)!;
			seen.push(s.retryAtMs! - Date.now());
			await vi.advanceTimersByTimeAsync(s.retryAtMs! - Date.now());
		}
		// 0.75 × (500, 1000, 2000, 4000, 8000, 10000)
		expect(seen).toEqual([375, 750, 1500, 3000, 6000, 7500]);
	});

	it('starts the backoff again once a message arrived', async () => {
		start();
		await failedUpgrades(3);
		expect(statuses.at(-1)!.attempt).toBe(3);
		FakeSocket.last.accept();
		FakeSocket.last.deliver(snapshot);
		expect(statuses.at(-1)!.attempt).toBe(0);
		FakeSocket.last.fail();
		await settle();
		expect(statuses.at(-1)!.retryAtMs! - Date.now()).toBe(500); // attempt 0 again: the base delay
	});

	it('after 1001 (server going away) retries at the shortest delay even without a message', async () => {
		start();
		await failedUpgrades(4);
		FakeSocket.last.accept();
		FakeSocket.last.fail(1001);
		await settle();
		expect(statuses.at(-1)).toMatchObject({ state: 'retrying', lastCloseCode: 1001 });
		expect(statuses.at(-1)!.retryAtMs! - Date.now()).toBe(500);
	});

	it('a server answering 503 "starting" (decision 0100) is retried after its Retry-After of 2 s, and its step is shown', async () => {
		let step: string | null = 'restoring alerts';
		start({ probeStarting: async () => step });
		for (let i = 0; i < 5; i++) {
			FakeSocket.last.fail();
			await settle();
			expect(statuses.at(-1)).toMatchObject({ state: 'retrying', starting: 'restoring alerts', attempt: 0 });
			expect(statuses.at(-1)!.retryAtMs! - Date.now()).toBe(RECONNECT_POLICY.startingRetryMs);
			await vi.advanceTimersByTimeAsync(2000);
		}
		step = null;
		FakeSocket.last.accept();
		expect(statuses.at(-1)).toMatchObject({ state: 'open', starting: null });
	});

	it('does not probe the server after a socket that was open closes', async () => {
		const probe = vi.fn(async () => null);
		start({ probeStarting: probe });
		FakeSocket.last.accept();
		FakeSocket.last.fail(1006);
		await settle();
		expect(probe).not.toHaveBeenCalled();
		FakeSocket.last.fail(); // still the closed one: no effect
		await vi.advanceTimersByTimeAsync(500);
		FakeSocket.last.fail(); // the retry's upgrade failed
		await settle();
		expect(probe).toHaveBeenCalledTimes(1);
	});
});

describe('connectRealtime: messages', () => {
	it('hands a message of each kind to its own handler, typed, and to no other', () => {
		const got: Record<string, unknown[]> = {};
		const on: RealtimeHandlers = {};
		for (const m of samples) (on as Record<string, (x: unknown) => void>)[m.type] = (x) => (got[m.type] ??= []).push(x);
		start({ on });
		FakeSocket.last.accept();
		for (const m of samples) FakeSocket.last.deliver(m);
		for (const m of samples) expect(got[m.type]).toEqual([m]);
		expect(statuses.at(-1)).toMatchObject({ live: true, malformed: 0 });
	});

	it('ignores and counts malformed frames, and goes on delivering', () => {
		const snapshots: unknown[] = [];
		const agents: unknown[] = [];
		start({ on: { snapshot: (m) => snapshots.push(m), agents: (m) => agents.push(m) } });
		FakeSocket.last.accept();
		const bad = [
			'not json',
			'[1,2]',
			'null',
			JSON.stringify({ type: 'ping' }), // no such kind
			JSON.stringify({ type: 'snapshot', snapshot: { asOfMs: 1 }, ...board }), // no channels
			JSON.stringify({ type: 'snapshot', snapshot: snapshot.snapshot }), // no banner fields
			JSON.stringify({ type: 'agents', full: true, upsert: [] }), // no remove
			JSON.stringify({ type: 'toString' }) // an Object.prototype name is no kind either
		];
		for (const b of bad) FakeSocket.last.deliver(b);
		expect(snapshots).toEqual([]);
		expect(agents).toEqual([]);
		expect(statuses.at(-1)!.malformed).toBe(bad.length);
		expect(statuses.at(-1)!.lastMessageAtMs).toBeNull();
		FakeSocket.last.deliver(snapshot);
		expect(snapshots).toEqual([snapshot]);
	});

	it('asks for its view in the URL, tells an open socket when it changes, and reconnects with the new one', async () => {
		const rt = start({ view: { drill: 'chat' } });
		expect(FakeSocket.last.url).toBe('ws://board.test/api/v1/realtime/stream?drill=chat');
		expect(rt.send({ type: 'view', drill: 'phone' })).toBe(false); // not open yet
		FakeSocket.last.accept();
		rt.setView({ drill: 'phone' });
		expect(FakeSocket.last.sent.map((s) => JSON.parse(s))).toEqual([{ type: 'view', drill: 'phone' }]);
		FakeSocket.last.fail();
		await vi.advanceTimersByTimeAsync(500);
		expect(FakeSocket.last.url).toBe('ws://board.test/api/v1/realtime/stream?drill=phone');
		start({ view: { agents: true } });
		expect(FakeSocket.last.url).toBe('ws://board.test/api/v1/realtime/stream?agents=1');
	});
});

describe('connectRealtime: stale and silent sockets', () => {
	// policy: stale after 2 × 5 s keep-alive + 2 s = 12 s; given up after 2 × 15 s heartbeat + 5 s = 35 s
	it('shows stale after 12 s without a message and gives the socket up after 35 s', async () => {
		start();
		FakeSocket.last.accept();
		FakeSocket.last.deliver(snapshot);
		const first = FakeSocket.last;
		await vi.advanceTimersByTimeAsync(12_000);
		expect(statuses.at(-1)!.live).toBe(true); // 12 s is not yet more than 12 s
		await vi.advanceTimersByTimeAsync(1_000);
		expect(statuses.at(-1)).toMatchObject({ state: 'open', live: false });
		await vi.advanceTimersByTimeAsync(35_000 - 13_000);
		expect(first.closedWith).toBeNull();
		await vi.advanceTimersByTimeAsync(1_000);
		expect(first.closedWith).toBe(CLOSE_SILENT);
		expect(statuses.at(-1)).toMatchObject({ state: 'retrying', lastCloseCode: CLOSE_SILENT });
		await vi.advanceTimersByTimeAsync(500); // the message reset the attempts: base delay
		expect(FakeSocket.made.length).toBe(2);
	});
});

describe('connectRealtime: close on page destroy', () => {
	it('closes the socket and never reconnects', async () => {
		const rt = start();
		FakeSocket.last.accept();
		rt.close();
		expect(FakeSocket.last.closedWith).toBe(1000);
		expect(statuses.at(-1)!.state).toBe('closed');
		await vi.advanceTimersByTimeAsync(120_000);
		expect(FakeSocket.made.length).toBe(1);
	});

	it('cancels a scheduled retry', async () => {
		const rt = start();
		FakeSocket.last.fail();
		await settle();
		expect(statuses.at(-1)!.state).toBe('retrying');
		rt.close();
		await vi.advanceTimersByTimeAsync(120_000);
		expect(FakeSocket.made.length).toBe(1);
	});

	it('does not reconnect when the health probe answers after the page closed', async () => {
		let answer: (step: string | null) => void = () => undefined;
		const rt = start({ probeStarting: () => new Promise((r) => (answer = r)) });
		FakeSocket.last.fail();
		rt.close();
		answer('restoring alerts');
		await vi.advanceTimersByTimeAsync(120_000);
		expect(FakeSocket.made.length).toBe(1);
		expect(statuses.at(-1)!.state).toBe('closed');
	});
});

describe('probeHealthStarting: the stand-in server of decision 0100', () => {
	afterEach(() => vi.unstubAllGlobals());
	const answer = (status: number, body: unknown) => vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status }));
	it('reads the step from a 503 {status: "starting"} (scripts/server.js startingAnswer)', async () => {
		answer(503, { status: 'starting', step: 'restoring alerts', startedSecAgo: 12 });
		expect(await probeHealthStarting()).toBe('restoring alerts');
	});
	it('is null for a server that is up, degraded, or not there', async () => {
		answer(200, { status: 'ok' });
		expect(await probeHealthStarting()).toBeNull();
		answer(503, { status: 'degraded' }); // migrations missing: up, not starting
		expect(await probeHealthStarting()).toBeNull();
		vi.stubGlobal('fetch', async () => {
			throw new TypeError('fetch failed'); // connection refused
		});
		expect(await probeHealthStarting()).toBeNull();
	});
});
