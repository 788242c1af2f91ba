/**
 * Clock semantics and rule selection. Expected values follow from the clock definitions in
 * alerts/clocks/readClock.ts and the bad-review process in docs/domain.md (respond 1 h,
 * plan 24 h, follow up 72 h).
 */
import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, createAlertEngine, readClock, type ContactRule } from '../../alerts/index';
import { HOUR, MIN, SEC, T0, chat, configWith, createEngine, simulate } from './harness';

describe('readClock', () => {
	it('first_response runs from arrival until the first response', () => {
		const item = chat('c1', T0, { firstResponseAtMs: T0 + 50 * SEC });
		expect(readClock(item, { kind: 'first_response' }, T0 + 40 * SEC, ALWAYS_OPEN, [])).toMatchObject({ started: true, stopped: false, elapsedMs: 40 * SEC });
		expect(readClock(item, { kind: 'first_response' }, T0 + 90 * SEC, ALWAYS_OPEN, [])).toMatchObject({ stopped: true, elapsedMs: 50 * SEC });
	});

	it('customer_waiting runs after the first response from the first unanswered customer message', () => {
		const base = chat('c1', T0, { firstResponseAtMs: T0 + 5 * SEC, lastAgentReplyAtMs: T0 + 20 * SEC, lastCustomerMsgAtMs: T0 + 70 * SEC, customerWaitingSinceMs: T0 + 30 * SEC, state: 'with_agent' });
		expect(readClock(base, { kind: 'customer_waiting' }, T0 + 100 * SEC, ALWAYS_OPEN, []).elapsedMs).toBe(70 * SEC);
		// agent replied after the customer's last message: stopped
		const replied = { ...base, lastAgentReplyAtMs: T0 + 80 * SEC };
		expect(readClock(replied, { kind: 'customer_waiting' }, T0 + 100 * SEC, ALWAYS_OPEN, []).stopped).toBe(true);
		// before the first response the clock has not started (first_response covers it)
		expect(readClock(chat('c2', T0, { lastCustomerMsgAtMs: T0 }), { kind: 'customer_waiting' }, T0 + 100 * SEC, ALWAYS_OPEN, []).started).toBe(false);
	});

	it('overlapping pauses are subtracted once', () => {
		const item = chat('c1', T0, {
			state: 'on_hold',
			stateSinceMs: T0 + 20 * SEC,
			pausedIntervals: [{ fromMs: T0 + 10 * SEC, toMs: T0 + 30 * SEC }]
		});
		// paused [10 s, now=60 s) → runs 10 s
		expect(readClock(item, { kind: 'first_response' }, T0 + 60 * SEC, ALWAYS_OPEN, ['on_hold']).elapsedMs).toBe(10 * SEC);
		// without on_hold as a pause state only the past interval [10, 30) counts → 40 s
		expect(readClock(item, { kind: 'first_response' }, T0 + 60 * SEC, ALWAYS_OPEN, []).elapsedMs).toBe(40 * SEC);
	});
});

describe('ticket process (bad review 1 h / 24 h / 72 h)', () => {
	const grouping = { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC };
	const engine = () => createAlertEngine(configWith(['ticket-process'], { grouping }));
	const ticket = (milestones: Record<string, number | null>) =>
		chat('tk1', T0, { kind: 'ticket', channel: 'ticket', queue: 'bad-review', state: 'open', milestonesMs: milestones });

	it('each level watches its own milestone', () => {
		// responded at 30 min (L1 never), no plan → L2 at 24 h; the plan at 30 h clears the L2
		// condition (resolved, the supervisor hears it); no follow-up → a new episode at L3, 72 h
		const run = simulate(
			engine(),
			{ items: (now) => [ticket({ firstResponse: T0 + 30 * MIN, plan: now >= T0 + 30 * HOUR ? T0 + 30 * HOUR : null })] },
			T0,
			T0 + 73 * HOUR,
			10 * MIN
		);
		expect(run.transitions.map((t) => [t.type, t.toLevel, (t.atMs - T0) / HOUR])).toEqual([
			['firing', 2, 24],
			['resolved', 2, 30],
			['firing', 3, 72]
		]);
		expect(run.intents.map((i) => [i.recipient.key, i.kind])).toEqual([
			['supervisor:T1', 'firing'],
			['supervisor:T1', 'resolved'],
			['manager', 'firing']
		]);
	});

	it('no first response within 1 h fires L1 to the team; the response resolves it', () => {
		const run = simulate(
			engine(),
			{ items: (now) => [ticket({ firstResponse: now >= T0 + 90 * MIN ? T0 + 90 * MIN : null })] },
			T0,
			T0 + 2 * HOUR,
			MIN
		);
		expect(run.transitions.map((t) => [t.type, (t.atMs - T0) / MIN])).toEqual([
			['firing', 60],
			['resolved', 90]
		]);
	});
});

describe('rule selection', () => {
	it('a more specific rule (VIP) replaces the channel default for the same clock', () => {
		const config = configWith(['chat-first-response'], { grouping: { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC } });
		const vip = structuredClone(config.rules[0]) as ContactRule;
		vip.id = 'chat-vip';
		vip.match = { channel: 'chat', queue: '*', priority: 'vip' };
		vip.levels.l1.thresholdMs = 10 * SEC;
		vip.levels.l2.thresholdMs = 20 * SEC;
		vip.levels.l3.thresholdMs = 40 * SEC;
		config.rules.push(vip);
		const run = simulate(createAlertEngine(config), { items: () => [chat('v1', T0, { priority: 'vip' }), chat('n1', T0)] }, T0, T0 + 45 * SEC);
		expect(run.transitions.map((t) => [t.ruleId, t.toLevel, (t.atMs - T0) / SEC])).toEqual([
			['chat-vip', 1, 10],
			['chat-vip', 2, 20],
			['chat-first-response', 1, 30],
			['chat-vip', 3, 40]
		]);
	});

	it('first_response and customer_waiting rules apply side by side', () => {
		const engine = createEngine(['chat-first-response', 'chat-customer-waiting']);
		const r = engine.step(
			{ version: 1, alerts: {}, log: {}, groups: {}, lastStepAtMs: null },
			{
				snapshot: {
					items: [chat('c1', T0, { firstResponseAtMs: T0 + 10 * SEC, lastAgentReplyAtMs: T0 + 10 * SEC, lastCustomerMsgAtMs: T0 + 20 * SEC, state: 'with_agent' })],
					aggregates: []
				}
			},
			T0 + 60 * SEC
		);
		expect(r.transitions.map((t) => [t.ruleId, t.toLevel])).toEqual([['chat-customer-waiting', 1]]);
	});
});
