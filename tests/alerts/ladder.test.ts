/**
 * The three-level ladder on a virtual clock (1 s ticks).
 * Oracle for the thresholds: docs/domain.md, chat L1/L2/L3 = 30/60/180 s waiting; L1 → team,
 * L2 → supervisor, L3 → manager. groupWaitMs is set to 0 here so notices go out at the tick the
 * level is reached.
 */
import { describe, expect, it } from 'vitest';
import { HOUR, MIN, SEC, T0, chat, createEngine, notices, simulate, to } from './harness';

const grouping = { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC };
const engine = () => createEngine(['chat-first-response'], { grouping });
const ALERT = `c:chat-first-response:c1@${T0 + 30 * SEC}`;

describe('chat first-response ladder', () => {
	it('climbs L1 → L2 → L3 at 30/60/180 s, each exactly once, to team, supervisor, manager', () => {
		const run = simulate(engine(), { items: () => [chat('c1', T0)] }, T0, T0 + 10 * MIN);
		expect(run.transitions.map((t) => [t.type, t.toLevel, t.atMs - T0])).toEqual([
			['firing', 1, 30 * SEC],
			['escalated', 2, 60 * SEC],
			['escalated', 3, 180 * SEC]
		]);
		expect(run.intents.map((i) => [i.recipient.key, i.level, i.createdAtMs - T0])).toEqual([
			['team:T1', 1, 30 * SEC],
			['supervisor:T1', 2, 60 * SEC],
			['manager', 3, 180 * SEC]
		]);
		expect(run.intents.every((i) => i.entries.length === 1 && i.entries[0].alertId === ALERT)).toBe(true);
		expect(run.intents.map((i) => i.sound)).toEqual([false, false, true]);
	});

	it('acknowledgement stops escalation until the ack timeout', () => {
		const run = simulate(
			engine(),
			{ items: () => [chat('c1', T0)], commands: [{ atMs: T0 + 40 * SEC, command: { type: 'ack', alertId: ALERT, by: 'li' } }] },
			T0,
			T0 + 300 * SEC
		);
		// default chat ackTimeoutMs = 5 min, so nothing after L1 within 300 s
		expect(run.transitions.map((t) => t.type)).toEqual(['firing', 'acknowledged']);
		expect(run.intents.map((i) => i.recipient.key)).toEqual(['team:T1']);
		expect(Object.values(run.state.alerts)[0].status).toBe('acknowledged');
	});

	it('re-arms after the ack timeout and resumes escalation; stale lower levels are not sent', () => {
		const run = simulate(
			engine(),
			{ items: () => [chat('c1', T0)], commands: [{ atMs: T0 + 40 * SEC, command: { type: 'ack', alertId: ALERT, by: 'li' } }] },
			T0,
			T0 + 10 * MIN
		);
		// ack at 40 s + 5 min = 340 s: the clock (340 s) is past L3 (180 s), so it goes straight to L3
		expect(run.transitions.map((t) => [t.type, t.toLevel, t.atMs - T0])).toEqual([
			['firing', 1, 30 * SEC],
			['acknowledged', 1, 40 * SEC],
			['rearmed', 1, 340 * SEC],
			['escalated', 3, 340 * SEC]
		]);
		expect(run.intents.map((i) => [i.recipient.key, i.level])).toEqual([
			['team:T1', 1],
			['manager', 3]
		]);
	});

	it('re-arm with a short timeout goes to L2 then L3, once each', () => {
		const run = simulate(
			engine(),
			{
				items: () => [chat('c1', T0)],
				commands: [{ atMs: T0 + 40 * SEC, command: { type: 'claim', alertId: ALERT, by: 'wang', timeoutMs: 30 * SEC } }]
			},
			T0,
			T0 + 10 * MIN
		);
		expect(run.transitions.map((t) => [t.type, t.toLevel, t.atMs - T0])).toEqual([
			['firing', 1, 30 * SEC],
			['acknowledged', 1, 40 * SEC],
			['rearmed', 1, 70 * SEC],
			['escalated', 2, 70 * SEC],
			['escalated', 3, 180 * SEC]
		]);
		expect(notices(run.intents, 'firing').map((n) => [n.recipient, n.level])).toEqual([
			['team:T1', 1],
			['supervisor:T1', 2],
			['manager', 3]
		]);
	});

	it('resolve sends exactly one resolved notice to everyone who was paged', () => {
		const answeredAt = T0 + 200 * SEC;
		const run = simulate(
			engine(),
			{ items: (now) => [chat('c1', T0, now >= answeredAt ? { firstResponseAtMs: answeredAt, state: 'with_agent' } : {})] },
			T0,
			T0 + 20 * MIN
		);
		const resolved = notices(run.intents, 'resolved');
		expect(resolved.map((n) => n.recipient).sort()).toEqual(['manager', 'supervisor:T1', 'team:T1']);
		expect(resolved.every((n) => n.atMs === answeredAt)).toBe(true);
		expect(run.transitions.at(-1)).toMatchObject({ type: 'resolved', reason: 'condition_cleared', atMs: answeredAt });
		expect(notices(run.intents, 'firing')).toHaveLength(3);
	});

	it('a contact answered after L1 sends the resolved notice to the team only', () => {
		const answeredAt = T0 + 45 * SEC;
		const run = simulate(
			engine(),
			{ items: (now) => (now >= answeredAt ? [] : [chat('c1', T0)]) },
			T0,
			T0 + 5 * MIN
		);
		expect(notices(run.intents, 'resolved').map((n) => n.recipient)).toEqual(['team:T1']);
		expect(run.transitions.at(-1)).toMatchObject({ type: 'resolved', reason: 'item_gone' });
		expect(to(run.intents, 'supervisor:T1')).toHaveLength(0);
	});

	it('a manual resolve does not reopen while the contact still waits', () => {
		const answeredAt = T0 + 10 * MIN;
		const run = simulate(
			engine(),
			{
				items: (now) => [chat('c1', T0, now >= answeredAt ? { firstResponseAtMs: answeredAt } : {})],
				commands: [{ atMs: T0 + 45 * SEC, command: { type: 'resolve', alertId: ALERT, by: 'zhao.manager' } }]
			},
			T0,
			T0 + 15 * MIN
		);
		expect(run.transitions.map((t) => [t.type, t.reason])).toEqual([
			['firing', null],
			['resolved', 'manual']
		]);
		expect(notices(run.intents, 'firing')).toHaveLength(1);
		expect(notices(run.intents, 'resolved').map((n) => n.recipient)).toEqual(['team:T1']);
		const alert = Object.values(run.state.alerts)[0];
		expect(alert.suppressUntilClear).toBe(false); // lifted once the first response came
	});

	it('rejects commands on unknown or resolved alerts without throwing', () => {
		const run = simulate(
			engine(),
			{
				items: () => [chat('c1', T0)],
				commands: [
					{ atMs: T0 + 5 * SEC, command: { type: 'ack', alertId: 'nope', by: 'li' } },
					{ atMs: T0 + 5 * SEC, command: { type: 'unack', alertId: 'nope', by: 'li' } }
				]
			},
			T0,
			T0 + 10 * SEC
		);
		expect(run.rejected).toEqual(['no alert with id nope', 'no alert with id nope']);
	});

	it('unack returns the alert to firing and escalation continues', () => {
		const run = simulate(
			engine(),
			{
				items: () => [chat('c1', T0)],
				commands: [
					{ atMs: T0 + 40 * SEC, command: { type: 'ack', alertId: ALERT, by: 'li' } },
					{ atMs: T0 + 50 * SEC, command: { type: 'unack', alertId: ALERT, by: 'li' } }
				]
			},
			T0,
			T0 + 70 * SEC
		);
		expect(run.transitions.map((t) => t.type)).toEqual(['firing', 'acknowledged', 'unacknowledged', 'escalated']);
	});

	it('repeat interval reminds the current level until acknowledged', () => {
		const e = createEngine(['chat-first-response'], { grouping });
		const config = structuredClone(e.config);
		config.rules[0].repeatIntervalMs = 60 * SEC;
		const withRepeat = createEngine(undefined, { ...config });
		const run = simulate(
			withRepeat,
			{ items: () => [chat('c1', T0)], commands: [{ atMs: T0 + 310 * SEC, command: { type: 'ack', alertId: ALERT, by: 'li' } }] },
			T0,
			T0 + 8 * MIN
		);
		// Reminders go to the current level only: L2 (reached 60 s) reminds at 120 s; L1's would
		// be at 90 s but the alert is at L2 by then. L3 (reached 180 s) reminds at 240 s and
		// 300 s; the ack at 310 s stops them.
		expect(notices(run.intents, 'repeat').map((n) => [n.recipient, n.level, n.seq, n.atMs - T0])).toEqual([
			['supervisor:T1', 2, 1, 120 * SEC],
			['manager', 3, 1, 240 * SEC],
			['manager', 3, 2, 300 * SEC]
		]);
	});

	it('an e-mail waits 4 h / 12 h / 24 h (domain.md e-mail defaults)', () => {
		const e = createEngine(['email-first-response'], { grouping });
		const run = simulate(e, { items: () => [chat('m1', T0, { channel: 'email' })] }, T0, T0 + 25 * HOUR, MIN);
		expect(run.transitions.map((t) => [t.toLevel, t.atMs - T0])).toEqual([
			[1, 4 * HOUR],
			[2, 12 * HOUR],
			[3, 24 * HOUR]
		]);
	});
});
