/**
 * Silent sources (issue 17): an ingest source that sends nothing for 10 / 20 / 30 business
 * minutes of the centre's service hours (08:00–24:00, alerts/rules/defaultRules.ts) raises
 * L1 / L2 / L3 to the manager; night silence does not count; traffic ends it after the 2 min clear period.
 */
import { describe, expect, it } from 'vitest';
import type { SourceActivity } from '../../alerts/index';
import { MIN, createEngine, simulate } from './harness';

const grouping = { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30_000 };
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('silent source', () => {
	it('a feed dead from 10:00 reaches L1 at 10:10, L2 at 10:20, L3 at 10:30, and the manager hears each', () => {
		const engine = createEngine(['source-silent'], { grouping });
		const sources = (): SourceActivity[] => [{ source: 'cti', lastEventAtMs: at('2025-03-03T10:00:00'), knownSinceMs: at('2025-03-03T08:00:00') }];
		const run = simulate(engine, { items: () => [], sources }, at('2025-03-03T10:00:00'), at('2025-03-03T10:40:00'), MIN);
		expect(run.transitions.map((t) => [t.type, t.toLevel, new Date(t.atMs).toISOString()])).toEqual([
			['firing', 1, '2025-03-03T02:10:00.000Z'],
			['escalated', 2, '2025-03-03T02:20:00.000Z'],
			['escalated', 3, '2025-03-03T02:30:00.000Z']
		]);
		expect(run.intents.map((i) => [i.recipient.key, i.level])).toEqual([
			['manager', 1],
			['manager', 2],
			['manager', 3]
		]);
		const alert = Object.values(run.state.alerts)[0];
		expect(alert.labels).toMatchObject({ scope: 'source', source: 'cti', metric: 'source_silent_min' });
		// 10:40 − 10:00 = 40 business minutes
		expect(alert.value.metricValue).toBe(40);
	});

	it('night silence does not count: last event 23:59, nothing until 08:09 the next morning', () => {
		const engine = createEngine(['source-silent'], { grouping });
		const sources = (): SourceActivity[] => [{ source: 'im', lastEventAtMs: at('2025-03-03T23:59:00'), knownSinceMs: at('2025-03-03T08:00:00') }];
		const run = simulate(engine, { items: () => [], sources }, at('2025-03-03T23:59:00'), at('2025-03-04T08:12:00'), MIN);
		// 1 minute before midnight + 9 minutes from 08:00 = 10 business minutes at 08:09
		expect(run.transitions.map((t) => [t.type, t.toLevel, new Date(t.atMs).toISOString()])).toEqual([['firing', 1, '2025-03-04T00:09:00.000Z']]);
	});

	it('traffic again ends it after the 2 min clear period', () => {
		const engine = createEngine(['source-silent'], { grouping });
		const back = at('2025-03-03T10:15:00');
		const sources = (now: number): SourceActivity[] => [{ source: 'cti', lastEventAtMs: now >= back ? now : at('2025-03-03T10:00:00'), knownSinceMs: at('2025-03-03T08:00:00') }];
		const run = simulate(engine, { items: () => [], sources }, at('2025-03-03T10:00:00'), at('2025-03-03T10:30:00'), MIN);
		expect(run.transitions.map((t) => [t.type, new Date(t.atMs).toISOString()])).toEqual([
			['firing', '2025-03-03T02:10:00.000Z'],
			['resolved', '2025-03-03T02:17:00.000Z']
		]);
	});
});
