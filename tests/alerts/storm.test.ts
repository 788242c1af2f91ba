/**
 * No storm: many contacts breaching together produce one digest per group per interval.
 * Oracle: the grouping definition (group = recipient × channel × level; a fresh group waits
 * groupWaitMs = 2 s, then sends at most once per groupIntervalMs = 30 s — defaultAlertConfig)
 * and the chat thresholds 30/60/180 s from docs/domain.md.
 */
import { describe, expect, it } from 'vitest';
import { MIN, SEC, T0, chat, createEngine, notices, simulate } from './harness';

const TEAMS = ['T1', 'T2', 'T3', 'T4', 'T5'];

describe('500 contacts breaching in one second', () => {
	// 500 chats arrive within [T0, T0 + 1 s), 100 per team, nobody answers.
	const items = Array.from({ length: 500 }, (_, i) => chat(`c${i}`, T0 + i * 2, { teamId: TEAMS[i % 5] }));
	const world = { items: () => items };

	it('send one digest per team, supervisor and the manager, each level once', () => {
		const engine = createEngine(['chat-first-response']);
		const burst = simulate(engine, world, T0, T0 + 35 * SEC, 250);
		const run = simulate(engine, world, T0 + 36 * SEC, T0 + 200 * SEC, SEC, burst.state);
		const intents = [...burst.intents, ...run.intents];

		expect(intents.map((i) => [i.recipient.key, i.level, i.entries.length, i.createdAtMs - T0])).toEqual([
			// A group's digest goes out groupWait (2 s) after its first notice became owed, and
			// by then the whole burst (all within 1 s) is in it. T1's first chat arrives at T0, so
			// its L1 is seen at the 30 s tick → 32 s; T2–T5's first chats arrive 2–8 ms later, so
			// theirs are seen at the next 250 ms tick (30.25 s) → 32.25 s. From 36 s the tick is
			// 1 s: L2 seen at 60 s (T1) / 61 s (T2–T5) → 62 s / 63 s; L3 at 180 s → 182 s.
			[`team:T1`, 1, 100, 32 * SEC],
			...TEAMS.slice(1).map((t) => [`team:${t}`, 1, 100, 32.25 * SEC]),
			[`supervisor:T1`, 2, 100, 62 * SEC],
			...TEAMS.slice(1).map((t) => [`supervisor:${t}`, 2, 100, 63 * SEC]),
			['manager', 3, 500, 182 * SEC]
		]);
		// every contact reached every recipient exactly once per level
		for (const level of [1, 2, 3]) {
			const told = notices(intents, 'firing', level).map((n) => n.alertKey);
			expect(told).toHaveLength(500);
			expect(new Set(told).size).toBe(500);
		}
	});

	it('a steady trickle of breaches is batched: at most one digest per group per 30 s', () => {
		// one new unanswered chat per second for 2 minutes, all in team T1
		const trickle = Array.from({ length: 120 }, (_, i) => chat(`t${i}`, T0 + i * SEC));
		const engine = createEngine(['chat-first-response']);
		const run = simulate(engine, { items: () => trickle }, T0, T0 + 6 * MIN, SEC);
		const byGroup = new Map<string, number[]>();
		for (const i of run.intents) byGroup.set(i.groupKey, [...(byGroup.get(i.groupKey) ?? []), i.createdAtMs]);
		for (const times of byGroup.values()) {
			for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeGreaterThanOrEqual(30 * SEC);
		}
		// every contact still reached L3 and the manager heard about each exactly once
		const l3 = notices(run.intents, 'firing', 3).map((n) => n.alertKey);
		expect(new Set(l3).size).toBe(120);
		expect(l3).toHaveLength(120);
		// 120 contacts over ~2 min at one message per 30 s per group: far fewer messages than contacts
		expect(run.intents.length).toBeLessThan(40);
	});
});
