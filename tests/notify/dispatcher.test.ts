/**
 * Dispatcher logic on virtual time, with an in-memory channel registered in the registry (the
 * real HTTP and SMTP transports are covered by the *.int.test.ts files).
 * Oracles: DingTalk's documented 20 messages/minute per robot; the dispatcher contract (digest
 * instead of drop, idempotent enqueue, Retry-After honoured).
 */
import { describe, expect, it } from 'vitest';
import { createDispatcher, type AttemptReport, type IntentSettled } from '../../src/lib/server/notify/dispatcher';
import { createNotifierRegistry } from '../../src/lib/server/notify/registry';
import type { Notifier, NotifierTarget, NotifyMessage, SendResult, WebhookTarget } from '../../src/lib/server/notify/types';

function virtualTime() {
	let now = 0;
	const timers: Array<{ at: number; fire: () => void }> = [];
	const settle = async () => {
		for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
	};
	return {
		clock: { now: () => now },
		sleep: (ms: number, signal: AbortSignal) =>
			new Promise<void>((resolve) => {
				timers.push({ at: now + Math.max(0, ms), fire: resolve });
				signal.addEventListener('abort', () => resolve(), { once: true });
			}),
		at(t: number, fire: () => void) {
			timers.push({ at: t, fire });
		},
		/** Runs until no timer is left or virtual time passes `limitMs`. */
		async run(limitMs: number) {
			for (;;) {
				await settle();
				if (timers.length === 0) return;
				timers.sort((a, b) => a.at - b.at);
				const t = timers.shift() as { at: number; fire: () => void };
				if (t.at > limitMs) return;
				now = Math.max(now, t.at);
				t.fire();
			}
		}
	};
}

/** An in-memory channel that records what it got and answers from a script. */
function memoryChannel(script: (n: number, m: NotifyMessage) => SendResult) {
	const sent: Array<{ atMs: number; message: NotifyMessage }> = [];
	let clockNow = () => 0;
	const notifier: Notifier<WebhookTarget> = {
		type: 'webhook',
		validate: () => [],
		secretsOf: (t) => (t.secret ? [t.secret] : []),
		async send(_t, message) {
			sent.push({ atMs: clockNow(), message });
			return script(sent.length, message);
		}
	};
	return { notifier: notifier as unknown as Notifier, sent, setClock: (f: () => number) => (clockNow = f) };
}

const message = (id: string): NotifyMessage => ({ id, title: id, text: `text ${id}`, level: 2, kind: 'firing', sound: false, createdAtMs: 0, sourceIds: [id] });
const target: NotifierTarget = { id: 'robot-1', type: 'webhook', url: 'https://example.com/h', secret: 'whsec_topsecret', rateLimits: [{ max: 20, perMs: 60_000 }] };

function setup(script: (n: number, m: NotifyMessage) => SendResult) {
	const vt = virtualTime();
	const channel = memoryChannel(script);
	channel.setClock(vt.clock.now);
	const registry = createNotifierRegistry({ clock: vt.clock });
	registry.register(channel.notifier);
	const reports: AttemptReport[] = [];
	const settled: IntentSettled[] = [];
	const dispatcher = createDispatcher({
		registry,
		clock: vt.clock,
		sleep: vt.sleep,
		random: () => 0.5,
		retry: { baseDelayMs: 1000, maxDelayMs: 60_000 },
		onResult: (r) => reports.push(r),
		onSettled: (s) => settled.push(s)
	});
	return { vt, channel, dispatcher, reports, settled };
}

describe('rate limits by digesting', () => {
	it('one job a second to a 20/min robot: 20 single messages, then one digest, nothing dropped', async () => {
		const { vt, channel, dispatcher, settled } = setup(() => ({ ok: true }));
		for (let i = 0; i < 60; i++) vt.at(i * 1000, () => dispatcher.enqueue({ id: `j${i}`, intentId: `i${i}`, target, message: message(`m${i}`) }));
		await vt.run(10 * 60_000);
		// sends at 0..19 s use the 20 slots; jobs 20..59 wait; at 60 s one slot frees and the 40
		// waiting jobs (more than the 1 free slot) go out as one digest
		expect(channel.sent.map((s) => [s.atMs, s.message.sourceIds.length])).toEqual([
			...Array.from({ length: 20 }, (_, i) => [i * 1000, 1]),
			[60_000, 40]
		]);
		expect(new Set(channel.sent.flatMap((s) => s.message.sourceIds)).size).toBe(60);
		expect(settled.filter((s) => s.ok)).toHaveLength(60);
		// never more than 20 in any 60 s window
		const times = channel.sent.map((s) => s.atMs);
		for (const t of times) expect(times.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(20);
	});

	it('a burst bigger than the free slots goes out as one digest at once', async () => {
		const { vt, channel, dispatcher } = setup(() => ({ ok: true }));
		for (let i = 0; i < 50; i++) dispatcher.enqueue({ id: `j${i}`, intentId: `i${i}`, target, message: message(`m${i}`) });
		await vt.run(60_000);
		expect(channel.sent).toHaveLength(1);
		expect(channel.sent[0].message).toMatchObject({ kind: 'digest' });
		expect(channel.sent[0].message.sourceIds).toHaveLength(50);
	});
});

describe('retries', () => {
	it('retries retryable failures with backoff, honours Retry-After and folds new jobs into the retry', async () => {
		const { vt, channel, dispatcher, reports } = setup((n) =>
			n === 1 ? { ok: false, retryable: true, error: 'HTTP 503' } : n === 2 ? { ok: false, retryable: true, error: 'HTTP 429', retryAfterMs: 30_000 } : { ok: true }
		);
		dispatcher.enqueue({ id: 'a', intentId: 'ia', target, message: message('a') });
		vt.at(5_000, () => dispatcher.enqueue({ id: 'b', intentId: 'ib', target, message: message('b') }));
		await vt.run(10 * 60_000);
		// attempt 1 at 0 → 503 → backoff (equal jitter, random 0.5): cap 1000 → 750 ms
		// attempt 2 at 750 → 429 Retry-After 30 s → next at 30 750 (max(backoff 1500, 30 000))
		// job b (enqueued at 5 s) is folded into attempt 3
		expect(channel.sent.map((s) => [s.atMs, s.message.sourceIds])).toEqual([
			[0, ['a']],
			[750, ['a']],
			[30_750, ['a', 'b']]
		]);
		expect(reports.map((r) => [r.jobId, r.attempt, r.result.ok, r.final])).toEqual([
			['a', 1, false, false],
			['a', 2, false, false],
			['a', 3, true, true],
			['b', 1, true, true]
		]);
	});

	it('does not retry a non-retryable failure, and masks the target secret', async () => {
		const { vt, channel, dispatcher, reports, settled } = setup(() => ({ ok: false, retryable: false, error: 'HTTP 400 signature whsec_topsecret rejected' }));
		dispatcher.enqueue({ id: 'a', intentId: 'ia', target, message: message('a') });
		await vt.run(60_000);
		expect(channel.sent).toHaveLength(1);
		expect(reports).toHaveLength(1);
		expect(reports[0]).toMatchObject({ final: true, result: { ok: false, retryable: false, error: 'HTTP 400 signature *** rejected' } });
		expect(settled).toEqual([{ intentId: 'ia', atMs: 0, ok: false, outcomes: [{ jobId: 'a', targetId: 'robot-1', ok: false, error: 'HTTP 400 signature *** rejected' }] }]);
	});

	it('gives up after giveUpAfterMs', async () => {
		const vtSetup = setup(() => ({ ok: false, retryable: true, error: 'down' }));
		const { vt, channel, reports } = vtSetup;
		const dispatcher = createDispatcher({
			registry: (() => {
				const r = createNotifierRegistry({ clock: vt.clock });
				r.register(vtSetup.channel.notifier);
				return r;
			})(),
			clock: vt.clock,
			sleep: vt.sleep,
			random: () => 0,
			retry: { baseDelayMs: 1000, maxDelayMs: 8000, giveUpAfterMs: 20_000 },
			onResult: (r) => reports.push(r)
		});
		dispatcher.enqueue({ id: 'a', intentId: 'ia', target, message: message('a') });
		await vt.run(10 * 60_000);
		// delays (random 0 → cap/2): 500, 1000, 2000, 4000, 4000, 4000, 4000 → attempts at
		// 0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5 s; the one at 23.5 s is past 20 s → final
		expect(channel.sent.map((s) => s.atMs)).toEqual([0, 500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500]);
		expect(reports.at(-1)).toMatchObject({ attempt: 9, final: true });
	});
});

describe('idempotence and observation', () => {
	it('ignores a job id it already holds or delivered; pending() hides target secrets', async () => {
		const { vt, dispatcher, channel } = setup(() => ({ ok: true }));
		expect(dispatcher.enqueue({ id: 'a', intentId: 'ia', target, message: message('a') })).toBe(true);
		expect(dispatcher.enqueue({ id: 'a', intentId: 'ia', target, message: message('a') })).toBe(false);
		expect(JSON.stringify(dispatcher.pending())).not.toContain('topsecret');
		expect(dispatcher.pending().map((p) => [p.id, p.targetId, p.targetType])).toEqual([['a', 'robot-1', 'webhook']]);
		await vt.run(60_000);
		expect(dispatcher.enqueue({ id: 'a', intentId: 'ia', target, message: message('a') })).toBe(false);
		expect(channel.sent).toHaveLength(1);
		await dispatcher.idle();
		await dispatcher.close();
		expect(() => dispatcher.enqueue({ id: 'z', intentId: 'iz', target, message: message('z') })).toThrow(/dispatcher is closed/);
	});
});
