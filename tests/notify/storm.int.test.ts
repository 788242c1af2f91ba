/**
 * No storm, end to end through the real transport: 500 chats breaching within one second go
 * through the alert engine (virtual clock) and the dispatcher to a real local HTTP receiver.
 * Oracle: one digest per group (recipient × channel × level) — 5 teams at L1, 5 supervisors
 * at L2, 1 manager at L3 = 11 requests — and every contact present in each level's digests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEngine, defaultAlertConfig, emptyState, type NotificationIntent, type OpenItem } from '../../alerts/index';
import { createDispatcher, type IntentSettled } from '../../src/lib/server/notify/dispatcher';
import { jobsForIntent } from '../../src/lib/server/notify/fromIntent';
import { createNotifierRegistry } from '../../src/lib/server/notify/registry';
import type { NotifierTarget } from '../../src/lib/server/notify/types';
import { startReceiver, type Receiver } from './receiver';

let rx: Receiver | null = null;
afterEach(async () => {
	await rx?.close();
	rx = null;
});

describe('500 contacts breaching in one second, delivered', () => {
	it('reach the receiver as 11 digests, every contact in each level once', async () => {
		rx = await startReceiver((r) => ({ status: 200, body: r.url.pathname.startsWith('/robot') ? { errcode: 0, errmsg: 'ok' } : { ok: true } }));
		const receiver = rx;
		const T0 = Date.parse('2025-11-11T00:00:00+08:00');
		const teams = ['T1', 'T2', 'T3', 'T4', 'T5'];
		const items: OpenItem[] = Array.from({ length: 500 }, (_, i) => ({
			id: `c${i}`,
			channel: 'chat',
			queue: 'pre-sale',
			priority: 'normal',
			teamId: teams[i % 5],
			arrivedAtMs: T0 + i * 2,
			state: 'waiting'
		}));
		const config = defaultAlertConfig();
		config.rules = config.rules.filter((r) => r.id === 'chat-first-response');
		const engine = createAlertEngine(config);

		// Teams and supervisors get the generic webhook, the manager a DingTalk robot (20/min).
		const targetsOf = (intent: NotificationIntent): NotifierTarget[] =>
			intent.recipient.type === 'manager'
				? [{ id: 'manager-dingtalk', type: 'dingtalk', url: receiver.url('/robot/send?access_token=tok0123456789abcdef'), secret: 'SEC0123456789' }]
				: [{ id: `hook-${intent.recipient.key}`, type: 'webhook', url: receiver.url(`/hook/${encodeURIComponent(intent.recipient.key)}`) }];

		const settled: IntentSettled[] = [];
		const dispatcher = createDispatcher({
			registry: createNotifierRegistry({ net: { allowPrivateTargets: true } }),
			retry: { baseDelayMs: 50, maxDelayMs: 200 },
			onSettled: (s) => settled.push(s)
		});
		let state = emptyState();
		for (let now = T0; now <= T0 + 200_000; now += 250) {
			const r = engine.step(state, { snapshot: { items, aggregates: [] } }, now);
			state = r.state;
			for (const intent of r.intents) for (const job of jobsForIntent(intent, targetsOf(intent), { locale: 'en' })) dispatcher.enqueue(job);
		}
		await dispatcher.idle();
		for (const s of settled) state = engine.recordDelivery(state, { intentId: s.intentId, ok: s.ok, atMs: T0 + 200_000 }).state;

		expect(receiver.requests).toHaveLength(11);
		const byPath = new Map<string, number>();
		for (const r of receiver.requests) byPath.set(r.url.pathname, (byPath.get(r.url.pathname) ?? 0) + 1);
		expect([...byPath.values()].every((n) => n <= 2)).toBe(true); // each team hook: one L1 + one L2 request at most
		expect(byPath.get('/robot/send')).toBe(1);

		const dataOf = (r: (typeof receiver.requests)[number]) => (r.json as { data: NotificationIntent }).data;
		const webhookIntents = receiver.requests.filter((r) => r.url.pathname.startsWith('/hook')).map(dataOf);
		for (const level of [1, 2]) {
			const alertIds = webhookIntents.filter((i) => i.level === level).flatMap((i) => i.entries.map((e) => e.alertKey));
			expect(new Set(alertIds).size).toBe(500);
			expect(alertIds).toHaveLength(500);
		}
		const manager = receiver.requests.find((r) => r.url.pathname === '/robot/send');
		expect((manager?.json as { markdown: { title: string } }).markdown.title).toBe('[L3 red · intervention] chat: 500 alerts');
		expect(engine.undeliveredIntents(state)).toEqual([]);
		await dispatcher.close();
	});
});
