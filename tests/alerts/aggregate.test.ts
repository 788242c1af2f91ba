/**
 * Aggregate rules: SL deficit (5/10/20 points, docs/domain.md), backlog, predicted breach.
 * forMs / clearForMs = 60 s are forced (MINUTE_DAMPING) so the timings below are easy to follow.
 */
import { describe, expect, it } from 'vitest';
import { aggregateMetricValue, createAlertEngine, type AggregateRule, type ChannelAggregate } from '../../alerts/index';
import { HOUR, MIN, SEC, T0, configWith, createEngine, simulate, type AggregateDamping } from './harness';

/** These scenarios are written for 60 s pending and clear periods (the per-channel defaults differ: docs/alerts.md). */
const MINUTE_DAMPING: AggregateDamping = { forMs: 60_000, clearForMs: 60_000 };

const grouping = { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC };
const agg = (over: Partial<ChannelAggregate>): ChannelAggregate => ({ channel: 'chat', queue: null, sl15Pct: 90, targetPct: 80, waitingCount: 0, ahtSec: 300, agentsAvailable: 10, concurrency: 3, ...over });

describe('aggregateMetricValue', () => {
	it('computes the three metrics', () => {
		// 80 − 67.5 = 12.5 points below target
		expect(aggregateMetricValue('sl_deficit_pts', agg({ sl15Pct: 67.5 }))).toBe(12.5);
		expect(aggregateMetricValue('sl_deficit_pts', agg({ sl15Pct: null }))).toBeNull();
		expect(aggregateMetricValue('backlog_count', agg({ waitingCount: 42 }))).toBe(42);
		// 12 waiting × 300 s ÷ (10 agents × 3 chats each) = 120 s
		expect(aggregateMetricValue('predicted_wait_sec', agg({ waitingCount: 12 }))).toBe(120);
		// no agent free, 12 staffed: 3 waiting × 300 s ÷ (12 agents × 3 chats) = 25 s (defined, not ∞)
		expect(aggregateMetricValue('predicted_wait_sec', agg({ waitingCount: 3, agentsAvailable: 0, agentsStaffed: 12 }))).toBe(25);
		// nobody staffed while contacts wait: unknown (no data), never +∞
		expect(aggregateMetricValue('predicted_wait_sec', agg({ waitingCount: 3, agentsAvailable: 0, agentsStaffed: 0 }))).toBeNull();
		expect(aggregateMetricValue('sl_deficit_pts', agg({ sl15Pct: Number.NaN }))).toBeNull();
		expect(aggregateMetricValue('predicted_wait_sec', agg({ waitingCount: 0, agentsAvailable: 0 }))).toBe(0);
	});
});

describe('SL deficit ladder', () => {
	it('pending for forMs, then L1/L2, and resolves after clearForMs of recovery', () => {
		const engine = createEngine(['sl_deficit_pts-chat'], { grouping }, MINUTE_DAMPING);
		// 74 % (6 points below: L1) from T0; 69 % (11 points: L2) from 100 s; 85 % from 200 s
		const sl = (now: number) => (now < T0 + 100 * SEC ? 74 : now < T0 + 200 * SEC ? 69 : 85);
		const run = simulate(engine, { items: () => [], aggregates: (now) => [agg({ sl15Pct: sl(now) })] }, T0, T0 + 400 * SEC);
		expect(run.transitions.map((t) => [t.type, t.toLevel, (t.atMs - T0) / SEC])).toEqual([
			['pending', 0, 0],
			['firing', 1, 60],
			['escalated', 2, 100],
			['resolved', 2, 260]
		]);
		expect(run.intents.map((i) => [i.recipient.key, i.kind, i.level])).toEqual([
			['team:channel=chat', 'firing', 1],
			['supervisor:channel=chat', 'firing', 2],
			['supervisor:channel=chat', 'resolved', 2],
			['team:channel=chat', 'resolved', 1]
		]);
	});

	it('a dip shorter than forMs never fires and tells nobody', () => {
		const engine = createEngine(['sl_deficit_pts-chat'], { grouping }, MINUTE_DAMPING);
		const run = simulate(engine, { items: () => [], aggregates: (now) => [agg({ sl15Pct: now < T0 + 30 * SEC ? 50 : 90 })] }, T0, T0 + 300 * SEC);
		expect(run.transitions.map((t) => t.type)).toEqual(['pending', 'resolved']);
		expect(run.intents).toEqual([]);
	});

	it('holds the alert while the aggregate is missing from the snapshot', () => {
		const engine = createEngine(['sl_deficit_pts-chat'], { grouping }, MINUTE_DAMPING);
		const run = simulate(engine, { items: () => [], aggregates: (now) => (now < T0 + 90 * SEC ? [agg({ sl15Pct: 50 })] : []) }, T0, T0 + 300 * SEC);
		expect(run.transitions.map((t) => t.type)).toEqual(['pending', 'firing']);
		expect(Object.values(run.state.alerts)[0].status).toBe('firing');
	});
});

describe('predicted breach', () => {
	it('fires at the level the predicted wait reaches (chat 30/60/180 s)', () => {
		const engine = createEngine(['predicted_wait_sec-chat'], { grouping }, MINUTE_DAMPING);
		// 12 waiting × 300 s ÷ 30 slots = 120 s ≥ 60 s (L2), < 180 s
		const run = simulate(engine, { items: () => [], aggregates: () => [agg({ waitingCount: 12 })] }, T0, T0 + 90 * SEC);
		expect(run.transitions.map((t) => [t.type, t.toLevel])).toEqual([
			['pending', 0],
			['firing', 2]
		]);
		expect(Object.values(run.state.alerts)[0].value).toMatchObject({ metricValue: 120, threshold: 60 });
	});
});

describe('business hours for aggregate rules', () => {
	it('does not start or escalate outside hours, but escalates when hours resume', () => {
		const config = configWith(['backlog_count-chat'], { grouping }, MINUTE_DAMPING);
		const rule = config.rules[0] as AggregateRule;
		rule.calendar = { weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']] }, holidays: [] };
		const engine = createAlertEngine(config);
		const start = Date.parse('2025-03-03T17:50:00+08:00'); // Monday
		// backlog 30 (L1 ≥ 20) until 18:00 closing, then 150 (L3 ≥ 100) all night: the rule may
		// not escalate while closed, and does at Tuesday 09:00 (01:00 UTC)
		const backlog = (now: number) => (now < start + 10 * MIN ? 30 : 150);
		const run = simulate(engine, { items: () => [], aggregates: (now) => [agg({ waitingCount: backlog(now) })] }, start, Date.parse('2025-03-04T09:05:00+08:00'), MIN);
		expect(run.transitions.map((t) => [t.type, t.toLevel, new Date(t.atMs).toISOString()])).toEqual([
			['pending', 0, '2025-03-03T09:50:00.000Z'],
			['firing', 1, '2025-03-03T09:51:00.000Z'],
			['escalated', 3, '2025-03-04T01:00:00.000Z']
		]);
	});
});

describe('queue scope', () => {
	it('a queue-scope rule watches per-queue aggregates only', () => {
		const config = configWith(['backlog_count-chat'], { grouping }, MINUTE_DAMPING);
		const rule = config.rules[0] as AggregateRule;
		rule.scope = 'queue';
		rule.match = { channel: 'chat', queue: 'after-*' };
		rule.forMs = 0;
		const engine = createAlertEngine(config);
		const r = engine.step(
			{ version: 1, alerts: {}, log: {}, groups: {}, lastStepAtMs: null },
			{
				snapshot: {
					items: [],
					aggregates: [agg({ waitingCount: 500 }), agg({ queue: 'after-sale', waitingCount: 25 }), agg({ queue: 'pre-sale', waitingCount: 500 })]
				}
			},
			T0 + HOUR
		);
		expect(r.transitions.map((t) => [t.alertKey, t.toLevel])).toEqual([['a:backlog_count-chat:chat:after-sale', 1]]);
	});
});
