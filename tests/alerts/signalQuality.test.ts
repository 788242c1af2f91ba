/**
 * Signal quality on a virtual clock (issue 17): pending and clear periods against flapping, the
 * "no data" state, the minimum volume of rate rules, and the plan milestone stopping the 24 h clock.
 * Every expected count is worked out by hand in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import { createAlertEngine, defaultAlertConfig, type AggregateRule, type ChannelAggregate } from '../../alerts/index';
import { HOUR, MIN, SEC, T0, chat, configWith, notices, simulate } from './harness';

const grouping = { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC };
const agg = (over: Partial<ChannelAggregate>): ChannelAggregate => ({
	channel: 'chat',
	queue: null,
	sl15Pct: 90,
	targetPct: 80,
	waitingCount: 0,
	ahtSec: 300,
	agentsAvailable: 10,
	agentsStaffed: 10,
	concurrency: 3,
	offeredCount: 100,
	...over
});

function backlogEngine(forMs: number, clearForMs: number) {
	const config = configWith(['backlog_count-chat'], { grouping });
	Object.assign(config.rules[0], { forMs, clearForMs });
	return createAlertEngine(config);
}

/** Backlog 25 (L1 ≥ 20) for 20 s, then 15 (clear) for 20 s, and so on: a crossing every 20 s. */
const oscillating = (now: number) => (Math.floor((now - T0) / (20 * SEC)) % 2 === 0 ? 25 : 15);

describe('flapping: a metric crossing its threshold every 20 s', () => {
	it('without pending/clear periods it fires once per crossing (the bug, as a control)', () => {
		// 30 min ÷ 40 s per cycle = 45 phases above the threshold → 45 firings
		const run = simulate(backlogEngine(0, 0), { items: () => [], aggregates: (now) => [agg({ waitingCount: oscillating(now) })] }, T0, T0 + 30 * MIN - SEC);
		expect(run.transitions.filter((t) => t.type === 'firing')).toHaveLength(45);
	});

	it('with a 10 s pending period and a 5 min clear period it fires once and resolves 5 min after the last crossing', () => {
		// fires at 10 s (first phase above lasts 20 s ≥ 10 s); every dip lasts 20 s < 5 min, so the
		// alert stays firing; the last phase above ends at 29:40 (phase 88 of 90, 0-based, starts at
		// 29:20), the metric stays at 15 from then on → resolved at 29:40 + 5:00 = 34:40
		const metric = (now: number) => (now < T0 + 30 * MIN ? oscillating(now) : 15);
		const run = simulate(backlogEngine(10 * SEC, 5 * MIN), { items: () => [], aggregates: (now) => [agg({ waitingCount: metric(now) })] }, T0, T0 + 40 * MIN);
		expect(run.transitions.map((t) => [t.type, t.toLevel, (t.atMs - T0) / SEC])).toEqual([
			['pending', 0, 0],
			['firing', 1, 10],
			['resolved', 1, 34 * 60 + 40]
		]);
		// one page to the team, one "resolved" to the same team
		expect(notices(run.intents, 'firing')).toHaveLength(1);
		expect(notices(run.intents, 'resolved')).toHaveLength(1);
	});

	it('the chat default (30 s pending) never fires on 20 s blips, and fires once when the backlog then stays', () => {
		const rule = defaultAlertConfig().rules.find((r) => r.id === 'backlog_count-chat') as AggregateRule;
		expect([rule.forMs, rule.clearForMs]).toEqual([30 * SEC, 5 * MIN]);
		// 10 min of 20 s blips (each pending resolves after 20 s < 30 s), then backlog 25 for good:
		// pending at 10:00, firing at 10:30
		const metric = (now: number) => (now < T0 + 10 * MIN ? oscillating(now) : 25);
		const run = simulate(createAlertEngine(configWith(['backlog_count-chat'], { grouping })), { items: () => [], aggregates: (now) => [agg({ waitingCount: metric(now) })] }, T0, T0 + 20 * MIN);
		expect(run.transitions.filter((t) => t.type === 'firing').map((t) => (t.atMs - T0) / SEC)).toEqual([10 * 60 + 30]);
		expect(notices(run.intents, 'firing')).toHaveLength(1);
	});
});

describe('no data: a null value never fires or escalates', () => {
	it('predicted wait with nobody staffed (null) for an hour: no alert at all', () => {
		const engine = createAlertEngine(configWith(['predicted_wait_sec-chat'], { grouping }));
		const run = simulate(engine, { items: () => [], aggregates: () => [agg({ waitingCount: 40, agentsAvailable: 0, agentsStaffed: 0 })] }, T0, T0 + HOUR, 5 * SEC);
		expect(run.transitions).toEqual([]);
		expect(run.intents).toEqual([]);
	});

	it('no free agent is not "no data": 40 waiting × 300 s ÷ (20 staffed × 3) = 200 s ≥ 180 s → L3', () => {
		const engine = createAlertEngine(configWith(['predicted_wait_sec-chat'], { grouping }));
		const run = simulate(engine, { items: () => [], aggregates: () => [agg({ waitingCount: 40, agentsAvailable: 0, agentsStaffed: 20 })] }, T0, T0 + 2 * MIN);
		expect(run.transitions.map((t) => [t.type, t.toLevel])).toEqual([
			['pending', 0],
			['firing', 3]
		]);
		const alert = Object.values(run.state.alerts)[0];
		expect(alert.value).toMatchObject({ metricValue: 200, threshold: 180, dataState: 'ok' });
		// it jumped straight to L3: each level keeps the value that fired it and its own threshold (30/60/180 s)
		expect(alert.levelReadings).toEqual({ '1': { value: 200, threshold: 30 }, '2': { value: 200, threshold: 60 }, '3': { value: 200, threshold: 180 } });
	});

	it('a firing L1 whose value turns null stays L1 (no escalation, no resolution) and shows "no data"', () => {
		const engine = createAlertEngine(configWith(['predicted_wait_sec-chat'], { grouping }));
		// 10 waiting × 300 ÷ (20 × 3) = 50 s ≥ 30 s (L1) for 5 min, then nobody staffed for an hour
		const a = (now: number) => (now < T0 + 5 * MIN ? agg({ waitingCount: 10, agentsStaffed: 20 }) : agg({ waitingCount: 400, agentsAvailable: 0, agentsStaffed: 0 }));
		const run = simulate(engine, { items: () => [], aggregates: (now) => [a(now)] }, T0, T0 + 65 * MIN, 5 * SEC);
		expect(run.transitions.map((t) => [t.type, t.toLevel])).toEqual([
			['pending', 0],
			['firing', 1]
		]);
		const alert = Object.values(run.state.alerts)[0];
		expect(alert.status).toBe('firing');
		expect(alert.value).toMatchObject({ metricValue: null, dataState: 'no_data' });
		expect(alert.noDataSinceMs).toBe(T0 + 5 * MIN);
		expect(alert.levelReadings?.['1']).toEqual({ value: 50, threshold: 30 });
	});

	it('NaN from the source is no data too', () => {
		const engine = createAlertEngine(configWith(['sl_deficit_pts-chat'], { grouping }));
		const run = simulate(engine, { items: () => [], aggregates: () => [agg({ sl15Pct: Number.NaN })] }, T0, T0 + 30 * MIN, 5 * SEC);
		expect(run.transitions).toEqual([]);
	});

	it('a rule that asks for it (noData = alert) raises L1 after its pending period, never higher', () => {
		const config = configWith(['predicted_wait_sec-chat'], { grouping });
		Object.assign(config.rules[0], { noData: 'alert' });
		const run = simulate(createAlertEngine(config), { items: () => [], aggregates: () => [agg({ waitingCount: 400, agentsStaffed: 0 })] }, T0, T0 + HOUR, 5 * SEC);
		// chat predicted-wait pending period 30 s → L1 at 30 s, and nothing else in the hour
		expect(run.transitions.map((t) => [t.type, t.toLevel, (t.atMs - T0) / SEC])).toEqual([
			['pending', 0, 0],
			['firing', 1, 30]
		]);
	});
});

describe('minimum volume of rate rules', () => {
	const run = (offeredCount: number) =>
		simulate(
			createAlertEngine(configWith(['sl_deficit_pts-chat'], { grouping })),
			// SL 0 % vs 80 % target = 80 points below (≥ 20 → L3 if evaluated)
			{ items: () => [], aggregates: () => [agg({ sl15Pct: 0, offeredCount })] },
			T0,
			T0 + 30 * MIN,
			5 * SEC
		);

	it('5 contacts offered (below minOffered 20): quiet, shown as low volume', () => {
		const r = run(5);
		expect(r.transitions).toEqual([]);
		expect(r.intents).toEqual([]);
	});

	it('40 contacts offered (control): L3 after the 2 min pending period', () => {
		const r = run(40);
		expect(r.transitions.map((t) => [t.type, t.toLevel, (t.atMs - T0) / SEC])).toEqual([
			['pending', 0, 0],
			['firing', 3, 120]
		]);
	});

	it('a firing SL alert whose volume drops below minOffered resolves after the clear period', () => {
		const engine = createAlertEngine(configWith(['sl_deficit_pts-chat'], { grouping }));
		// 40 offered until 10 min, then 5: low volume counts as clear → resolved 5 min later (15:00)
		const r = simulate(engine, { items: () => [], aggregates: (now) => [agg({ sl15Pct: 0, offeredCount: now < T0 + 10 * MIN ? 40 : 5 })] }, T0, T0 + 30 * MIN, 5 * SEC);
		expect(r.transitions.map((t) => [t.type, (t.atMs - T0) / MIN])).toEqual([
			['pending', 0],
			['firing', 2],
			['resolved', 15]
		]);
		expect(Object.values(r.state.alerts)[0].value.dataState).toBe('low_volume');
	});
});

describe('milestones (差评挽救 1 h / 24 h / 72 h)', () => {
	const engine = () => createAlertEngine(configWith(['ticket-process'], { grouping }));
	const ticket = (milestones: Record<string, number | null>) =>
		chat('tk1', T0, { kind: 'ticket', channel: 'ticket', queue: 'bad-review', state: 'open', milestonesMs: milestones });

	it('a plan sent at 20 h stops the 24 h clock: no L2, while resolution is still days away', () => {
		// first_response at 30 min (< 1 h: no L1), plan at 20 h (< 24 h: no L2); follow_up is due at 72 h
		const run = simulate(
			engine(),
			{ items: (now) => [ticket({ first_response: T0 + 30 * MIN, plan: now >= T0 + 20 * HOUR ? T0 + 20 * HOUR : null })] },
			T0,
			T0 + 30 * HOUR,
			10 * MIN
		);
		expect(run.transitions).toEqual([]);
	});

	it('control: without the plan the supervisor is paged at 24 h', () => {
		const run = simulate(engine(), { items: () => [ticket({ first_response: T0 + 30 * MIN, plan: null })] }, T0, T0 + 30 * HOUR, 10 * MIN);
		expect(run.transitions.map((t) => [t.type, t.toLevel, (t.atMs - T0) / HOUR])).toEqual([['firing', 2, 24]]);
	});
});
