/**
 * contact.milestone events end to end in memory (issue 17): validated by the v1 contract, kept by
 * the live state, handed to the engine by the server's snapshot builder, and stopping the clock of
 * the rule level that watches that milestone (差评挽救: plan within 24 h).
 */
import { describe, expect, it } from 'vitest';
import { createAlertEngine, emptyState, type AlertTransition } from '../../alerts/index';
import { alertConfigFromChannels, openItemsFrom } from '../../src/lib/server/alerts/service';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { validateEvent, type IngestEvent } from '../../src/lib/server/ingest/contract';
import { LiveState } from '../../src/lib/server/live/liveState';
import { HOUR, MIN, T0 } from './harness';

const ctx = (nowMs: number) => ({
	channels: new Set(DEFAULT_CHANNELS.map((c) => c.id)),
	queues: new Set(DEFAULT_QUEUES.map((q) => q.id)),
	nowMs,
	maxLatenessSec: 86400,
	maxFutureSkewSec: 300
});
let n = 0;
function ev(type: string, tsMs: number, fields: Record<string, unknown> = {}): IngestEvent {
	const r = validateEvent({ event_id: `m${++n}`, type, ts: tsMs, channel: 'ticket', queue: 'complaint', contact_id: 'tk1', team_id: 'T1', ...fields }, ctx(tsMs));
	if (Array.isArray(r)) throw new Error(JSON.stringify(r));
	return r;
}

describe('contact.milestone in the v1 contract', () => {
	it('accepts a named milestone and explains a bad one', () => {
		expect(ev('contact.milestone', T0, { milestone: 'plan' })).toMatchObject({ type: 'contact.milestone', milestone: 'plan' });
		const bad = validateEvent({ event_id: 'x', type: 'contact.milestone', ts: T0, channel: 'ticket', queue: 'complaint', contact_id: 'tk1', milestone: 'Plan Sent' }, ctx(T0));
		expect(bad).toEqual([
			{ field: 'milestone', message: '"Plan Sent" is not a milestone name; use first_response, plan, follow_up, resolved or another snake_case name (a–z, 0–9, _; up to 32)' }
		]);
		const missing = validateEvent({ event_id: 'y', type: 'contact.milestone', ts: T0, channel: 'ticket', queue: 'complaint', contact_id: 'tk1' }, ctx(T0));
		expect(Array.isArray(missing) && missing[0].field).toBe('milestone');
		// other event types are unchanged: no milestone field appears on them
		expect('milestone' in ev('contact.arrived', T0)).toBe(false);
	});
});

describe('a plan milestone stops the 24 h clock (live state → engine)', () => {
	/** Runs the default rules over a ticket created at T0, answered at 30 min, with the given extra events. */
	function run(extra: IngestEvent[]): AlertTransition[] {
		const live = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', T0);
		const engine = createAlertEngine(alertConfigFromChannels(DEFAULT_CHANNELS));
		const events = [ev('contact.arrived', T0), ev('contact.answered', T0 + 30 * MIN, { agent_id: 'a1' }), ...extra].sort((a, b) => a.tsMs - b.tsMs);
		let state = emptyState();
		const transitions: AlertTransition[] = [];
		// ten-minute steps over 30 h, applying each event when its time comes
		for (let now = T0, i = 0; now <= T0 + 30 * HOUR; now += 10 * MIN) {
			while (i < events.length && events[i].tsMs <= now) live.apply(events[i++], now);
			const r = engine.step(state, { snapshot: { items: openItemsFrom(live), aggregates: [] } }, now);
			state = r.state;
			transitions.push(...r.transitions.filter((t) => t.ruleId === 'ticket-process'));
		}
		return transitions;
	}

	it('plan sent at 20 h: no L2 at 24 h (the ticket is still open)', () => {
		expect(run([ev('contact.milestone', T0 + 20 * HOUR, { milestone: 'plan' })])).toEqual([]);
	});

	it('control: without the plan the supervisor is paged at 24 h', () => {
		expect(run([]).map((t) => [t.type, t.toLevel, (t.atMs - T0) / HOUR])).toEqual([['firing', 2, 24]]);
	});

	it('a plan sent at 25 h resolves the L2 at the next step (the clock stopped at the plan)', () => {
		expect(run([ev('contact.milestone', T0 + 25 * HOUR, { milestone: 'plan' })]).map((t) => [t.type, t.toLevel, (t.atMs - T0) / HOUR])).toEqual([
			['firing', 2, 24],
			['resolved', 2, 25]
		]);
	});
});
