/**
 * Inhibition and silences (both Muters). Timelines are derived from the default thresholds in
 * docs/domain.md (chat 30/60/180 s; SL 5/10/20 points below target) and the default
 * aggregate forMs / clearForMs of 60 s (MINUTE_DAMPING below).
 */
import { describe, expect, it } from 'vitest';
import { createInhibitors, createSilencers, defaultInhibitRules, type ChannelAggregate, type Silence } from '../../alerts/index';
import { SEC, T0, chat, createEngine, notices, simulate, type AggregateDamping } from './harness';

/** These scenarios are written for 60 s pending and clear periods (the per-channel defaults differ: docs/alerts.md). */
const MINUTE_DAMPING: AggregateDamping = { forMs: 60_000, clearForMs: 60_000 };

const grouping = { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC };
const sl = (sl15Pct: number, waitingCount = 5): ChannelAggregate => ({ channel: 'chat', queue: null, sl15Pct, targetPct: 80, waitingCount, ahtSec: 300, agentsAvailable: 10, concurrency: 3 });
const CONTACT = `c:chat-first-response:c1@`;

describe('inhibition', () => {
	it('a channel-wide alert mutes the L1/L2 contact notices it covers, not L3', () => {
		const engine = createEngine(['chat-first-response', 'sl_deficit_pts-chat'], { grouping }, MINUTE_DAMPING);
		// SL 73 % vs 80 % target = 7 points below → L1 (≥ 5), firing after forMs 60 s
		const world = { items: () => [chat('c1', T0 + 40 * SEC)], aggregates: () => [sl(73)] };
		const mid = simulate(engine, world, T0, T0 + 150 * SEC);
		const contact = Object.values(mid.state.alerts).find((a) => a.id.startsWith(CONTACT));
		expect(contact).toMatchObject({ level: 2, mutedBy: ['inhibit:channel-alert-mutes-contact-l1-l2'] });
		const run = simulate(engine, world, T0 + 151 * SEC, T0 + 300 * SEC, SEC, mid.state);
		const contactNotices = notices([...mid.intents, ...run.intents], 'firing').filter((n) => n.alertId.startsWith(CONTACT));
		// contact L3 at 40 + 180 = 220 s reaches the manager; L1 (70 s) and L2 (100 s) stayed muted
		expect(contactNotices.map((n) => [n.recipient, n.level, n.atMs - T0])).toEqual([['manager', 3, 220 * SEC]]);
		// the channel alert itself went to the teams on the channel at 60 s
		expect(notices(mid.intents, 'firing').map((n) => [n.recipient, n.alertKey])).toEqual([['team:channel=chat', 'a:sl_deficit_pts-chat:chat:*']]);
	});

	it('when the inhibiting alert resolves, the still-owed current level goes out', () => {
		const engine = createEngine(['chat-first-response', 'sl_deficit_pts-chat'], { grouping }, MINUTE_DAMPING);
		// SL recovers at 120 s → resolved after clearForMs 60 s, at 180 s. The contact is at L2
		// (since 100 s) by then: its L2 notice goes out at 180 s, L1 is superseded, L3 at 220 s.
		const run = simulate(
			engine,
			{ items: () => [chat('c1', T0 + 40 * SEC)], aggregates: (now) => [sl(now < T0 + 120 * SEC ? 73 : 85)] },
			T0,
			T0 + 300 * SEC
		);
		const contactNotices = notices(run.intents, 'firing').filter((n) => n.alertId.startsWith(CONTACT));
		expect(contactNotices.map((n) => [n.recipient, n.level, n.atMs - T0])).toEqual([
			['supervisor:T1', 2, 180 * SEC],
			['manager', 3, 220 * SEC]
		]);
	});

	it('a channel L3 mutes the L1/L2 aggregate alerts of that channel', () => {
		const engine = createEngine(['sl_deficit_pts-chat', 'backlog_count-chat'], { grouping }, MINUTE_DAMPING);
		// SL 55 % = 25 points below (L3 ≥ 20); backlog 30 ≥ 20 (L1)
		const run = simulate(engine, { items: () => [], aggregates: () => [sl(55, 30)] }, T0, T0 + 120 * SEC);
		const backlog = Object.values(run.state.alerts).find((a) => a.ruleId === 'backlog_count-chat');
		expect(backlog).toMatchObject({ level: 1, mutedBy: ['inhibit:channel-l3-mutes-aggregate-l1-l2'] });
		expect(notices(run.intents, 'firing').map((n) => [n.ruleId, n.recipient])).toEqual([['sl_deficit_pts-chat', 'manager']]);
	});
});

describe('silences', () => {
	const promotionNight = (startsAtMs: number, endsAtMs: number, levels?: string[]): Silence => ({
		id: 'double11-night',
		matchers: levels ? [{ label: 'channel', op: '=', value: 'chat' }, { label: 'level', op: 'in', values: levels }] : [{ label: 'channel', op: '=', value: 'chat' }],
		startsAtMs,
		endsAtMs,
		createdBy: 'zhao.manager',
		comment: '双11 大促夜: L1/L2 only on the board'
	});

	it('a planned window silences L1/L2 but lets L3 through', () => {
		const engine = createEngine(['chat-first-response'], { grouping }, MINUTE_DAMPING);
		const run = simulate(engine, { items: () => [chat('c1', T0)], silences: () => [promotionNight(T0, T0 + 3600 * SEC, ['1', '2'])] }, T0, T0 + 300 * SEC);
		expect(notices(run.intents, 'firing').map((n) => [n.recipient, n.level, n.atMs - T0])).toEqual([['manager', 3, 180 * SEC]]);
	});

	it('when the window ends, the alert notifies its current level once', () => {
		const engine = createEngine(['chat-first-response'], { grouping }, MINUTE_DAMPING);
		const run = simulate(engine, { items: () => [chat('c1', T0)], silences: () => [promotionNight(T0, T0 + 100 * SEC)] }, T0, T0 + 300 * SEC);
		expect(notices(run.intents, 'firing').map((n) => [n.recipient, n.level, n.atMs - T0])).toEqual([
			['supervisor:T1', 2, 100 * SEC],
			['manager', 3, 180 * SEC]
		]);
	});

	it('resolved notices still reach whoever was paged before the silence', () => {
		const engine = createEngine(['chat-first-response'], { grouping }, MINUTE_DAMPING);
		const run = simulate(
			engine,
			{ items: (now) => (now >= T0 + 50 * SEC ? [] : [chat('c1', T0)]), silences: () => [promotionNight(T0 + 40 * SEC, T0 + 3600 * SEC)] },
			T0,
			T0 + 120 * SEC
		);
		expect(notices(run.intents, 'resolved').map((n) => [n.recipient, n.atMs - T0])).toEqual([['team:T1', 50 * SEC]]);
	});

	it('silences and inhibitions share the Muter interface', () => {
		const alert = Object.values(
			simulate(createEngine(['chat-first-response'], { grouping }, MINUTE_DAMPING), { items: () => [chat('c1', T0)] }, T0, T0 + 31 * SEC).state.alerts
		)[0];
		const muters = [...createInhibitors(defaultInhibitRules(), [alert]), ...createSilencers([promotionNight(T0, T0 + 60 * SEC)], T0 + 31 * SEC)];
		expect(muters.map((m) => [m.name, m.mutes(alert)])).toEqual([
			['inhibit:channel-alert-mutes-contact-l1-l2', false],
			['inhibit:channel-l3-mutes-aggregate-l1-l2', false],
			['inhibit:queue-l3-mutes-queue-l1-l2', false],
			['silence:double11-night', true]
		]);
	});
});
