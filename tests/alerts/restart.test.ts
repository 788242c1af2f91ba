/**
 * Restart safety: the state (alerts + notification log) round-trips through JSON or through
 * persisted rows, and a restarted engine neither repeats nor loses a level.
 * Oracle: the uninterrupted run of the same scenario (same clock, same inputs).
 */
import { describe, expect, it } from 'vitest';
import { emptyState, parseState, restoreState, serializeState } from '../../alerts/index';
import { SEC, T0, chat, createEngine, notices, simulate } from './harness';

const grouping = { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC };
const world = { items: () => [chat('c1', T0), chat('c2', T0 + 5 * SEC, { teamId: 'T2' })] };

describe('restart', () => {
	it('a JSON round-trip mid-ladder continues exactly like the uninterrupted run', () => {
		const engine = createEngine(['chat-first-response'], { grouping });
		const full = simulate(engine, world, T0, T0 + 400 * SEC);
		const before = simulate(engine, world, T0, T0 + 100 * SEC);
		const restored = parseState(serializeState(before.state));
		expect(restored).toEqual(before.state);
		const after = simulate(engine, world, T0 + 101 * SEC, T0 + 400 * SEC, SEC, restored);
		expect([...before.intents, ...after.intents]).toEqual(full.intents);
		// nothing about L1/L2 after the restart
		expect(after.intents.every((i) => i.level === 3)).toBe(true);
	});

	it('restores from persisted rows (alerts and log entries) the same way', () => {
		const engine = createEngine(['chat-first-response'], { grouping });
		const before = simulate(engine, world, T0, T0 + 100 * SEC);
		const rows = { alerts: Object.values(before.state.alerts), log: Object.values(before.state.log) };
		const restored = restoreState(JSON.parse(JSON.stringify(rows)));
		const after = simulate(engine, world, T0 + 101 * SEC, T0 + 400 * SEC, SEC, restored);
		// c1 reaches L3 at 180 s; c2 at 185 s waits for the manager group's 30 s interval → 210 s
		expect(notices(after.intents, 'firing').map((n) => [n.recipient, n.level, n.atMs - T0])).toEqual([
			['manager', 3, 180 * SEC],
			['manager', 3, 210 * SEC]
		]);
	});

	it('after a long outage the engine jumps to the current level once, without replaying lower ones', () => {
		const engine = createEngine(['chat-first-response'], { grouping });
		const before = simulate(engine, world, T0, T0 + 40 * SEC); // c1 at L1 (told); c2 at L1 (35 s, told)
		const after = simulate(engine, world, T0 + 300 * SEC, T0 + 400 * SEC, SEC, parseState(serializeState(before.state)));
		expect(notices(after.intents, 'firing').map((n) => [n.recipient, n.level])).toEqual([
			['manager', 3],
			['manager', 3]
		]);
		expect(after.transitions.map((t) => [t.type, t.fromLevel, t.toLevel])).toEqual([
			['escalated', 1, 3],
			['escalated', 1, 3]
		]);
	});

	it('intents emitted but not delivered before a crash are handed out again, once', () => {
		const engine = createEngine(['chat-first-response'], { grouping });
		let state = emptyState();
		const emitted = [];
		for (let now = T0; now <= T0 + 31 * SEC; now += SEC) {
			const r = engine.step(state, { snapshot: { items: world.items(), aggregates: [] } }, now);
			state = r.state;
			emitted.push(...r.intents); // never reported delivered: the process "crashes" here
		}
		expect(emitted.map((i) => i.recipient.key)).toEqual(['team:T1']);
		const restored = parseState(serializeState(state));
		const again = engine.undeliveredIntents(restored);
		expect(again.map((i) => [i.id, i.entries.map((e) => e.logKey)])).toEqual(emitted.map((i) => [i.id, i.entries.map((e) => e.logKey)]));
		// the next step does not emit the L1 again; delivery is then recorded and the outbox empties
		const r = engine.step(restored, { snapshot: { items: world.items(), aggregates: [] } }, T0 + 32 * SEC);
		expect(r.intents).toEqual([]);
		const delivered = engine.recordDelivery(r.state, { intentId: again[0].id, ok: true, atMs: T0 + 33 * SEC });
		expect(delivered.changed.map((e) => e.status)).toEqual(['delivered']);
		expect(engine.undeliveredIntents(delivered.state)).toEqual([]);
	});

	it('rejects a state that is not a version-1 engine state', () => {
		expect(() => parseState('{"version":2,"alerts":{},"log":{}}')).toThrow(/parseState: expected an object with version 1/);
		expect(() => parseState('nope')).toThrow(/parseState: not JSON/);
		expect(() => restoreState({ alerts: [{} as never], log: [] })).toThrow(/restoreState: alerts\[0\] must have string id and key/);
	});
});
