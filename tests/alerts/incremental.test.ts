/**
 * The server's step (`engine.stepInPlace`: state changed in place, contact items evaluated
 * incrementally, issue 24) against the pure reference step (`engine.step`, which evaluates every
 * item and copies the state): on seeded random worlds both must give the same transitions, intents,
 * log entries, changed and pruned alerts, rejected commands — and the same state — at every tick.
 *
 * Oracle: `runStep`, the engine's full-scan step, unchanged (an independent implementation of the
 * evaluation: it reads every rule of every item at every tick). The worlds mix what can move an
 * item's next threshold: arrivals (some timestamped in the future), answers, customer messages and
 * agent replies, holds (a pause state of the e-mail and ticket rules), ticket milestones, closes,
 * two items with one id, clock jumps of up to 10 minutes, inbox commands (ack, claim, unack,
 * resolve: manual resolves leave suppressors), silences, channel aggregates, failed deliveries, and a
 * business-hours calendar with a pause state on one contact rule (elapsed business time grows slower
 * than the wall clock there).
 */
import { describe, expect, it } from 'vitest';
import {
	createAlertEngine,
	emptyState,
	type AlertCommand,
	type AlertConfig,
	type ChannelAggregate,
	type EngineState,
	type OpenItem,
	type Silence
} from '../../alerts/index';
import { SEC, T0, configWith } from './harness';

function prng(seed: number): () => number {
	let s = seed >>> 0 || 1;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function configs(): Array<{ name: string; config: AlertConfig }> {
	const plain = configWith();
	// same thresholds scaled down so e-mail and ticket levels are crossed within a run
	for (const r of plain.rules) {
		if (r.kind !== 'contact') continue;
		for (const lk of ['l1', 'l2', 'l3'] as const) r.levels[lk].thresholdMs = Math.min(r.levels[lk].thresholdMs, [40, 90, 200][['l1', 'l2', 'l3'].indexOf(lk)] * SEC);
	}
	const calendar = structuredClone(plain);
	calendar.calendars = { ...calendar.calendars, short: { weekly: { mon: [['10:00', '10:07'], ['10:12', '10:30'], ['11:00', '24:00']] }, holidays: [] } };
	for (const r of calendar.rules) {
		if (r.id === 'chat-first-response') {
			r.calendar = 'short';
			(r as { pauseWhenStates: string[] }).pauseWhenStates = ['on_hold'];
		}
		if (r.kind === 'contact') r.repeatIntervalMs = r.id.startsWith('phone') ? 45 * SEC : 0;
	}
	return [
		{ name: 'default rules (contact thresholds ≤ 200 s)', config: plain },
		{ name: 'business-hours calendar, pauses and repeats', config: calendar }
	];
}

const CHANNELS = ['chat', 'chat', 'phone', 'email', 'ticket'];
const QUEUES = ['presale', 'aftersale'];
const STATES = ['waiting', 'with_agent', 'on_hold', 'waiting_customer'];

interface World {
	items: Map<string, OpenItem>;
	dup: OpenItem | null;
	silences: Silence[];
}

function mutate(w: World, r: () => number, now: number, seq: { n: number }): void {
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
	const ids = [...w.items.keys()];
	const n = Math.floor(r() * 4);
	for (let i = 0; i < n; i++) {
		const id = `i${++seq.n}`;
		const channel = pick(CHANNELS);
		w.items.set(id, {
			id,
			kind: channel === 'ticket' ? 'ticket' : 'contact',
			channel,
			queue: pick(QUEUES),
			priority: r() < 0.2 ? 'vip' : 'normal',
			teamId: r() < 0.1 ? null : `T${1 + Math.floor(r() * 3)}`,
			agentId: null,
			// now and then timestamped ahead (a clock that starts later) or well in the past
			arrivedAtMs: now + (r() < 0.1 ? Math.floor(r() * 20) * SEC : -Math.floor(r() * 30) * SEC),
			state: 'waiting',
			milestonesMs: channel === 'ticket' ? { created: now } : undefined
		});
	}
	for (const id of ids) {
		const it = w.items.get(id)!;
		const x = r();
		if (x < 0.03) w.items.delete(id);
		else if (x < 0.08 && it.firstResponseAtMs == null) w.items.set(id, { ...it, firstResponseAtMs: now - Math.floor(r() * 3) * SEC, agentId: 'A1', state: 'with_agent' });
		else if (x < 0.12 && it.firstResponseAtMs != null) w.items.set(id, { ...it, lastCustomerMsgAtMs: now, customerWaitingSinceMs: it.lastAgentReplyAtMs != null && it.lastAgentReplyAtMs >= (it.lastCustomerMsgAtMs ?? 0) ? now : (it.customerWaitingSinceMs ?? now) });
		else if (x < 0.15) w.items.set(id, { ...it, lastAgentReplyAtMs: now });
		else if (x < 0.18) w.items.set(id, { ...it, state: pick(STATES), stateSinceMs: now - Math.floor(r() * 5) * SEC });
		else if (x < 0.19 && it.channel === 'ticket') w.items.set(id, { ...it, milestonesMs: { ...it.milestonesMs, first_response: now } });
		else if (x < 0.195) w.items.set(id, { ...it, pausedIntervals: [{ fromMs: it.arrivedAtMs, toMs: it.arrivedAtMs + 5 * SEC }] });
		else if (x < 0.2) w.items.set(id, { ...it, teamId: 'T9' });
	}
	const all = [...w.items.values()];
	w.dup = r() < 0.05 && all.length > 0 ? { ...pick(all), queue: 'complaint' } : null;
	if (r() < 0.02) w.silences = [{ id: `s${seq.n}`, matchers: [{ label: 'channel', op: '=', value: pick(['chat', 'phone']) }], startsAtMs: now, endsAtMs: now + 90 * SEC, createdBy: 'test', comment: '' }];
}

function aggregates(r: () => number, w: World): ChannelAggregate[] {
	return ['chat', 'phone'].map((channel) => {
		const waiting = [...w.items.values()].filter((i) => i.channel === channel && i.firstResponseAtMs == null).length;
		return { channel, queue: null, sl15Pct: 60 + Math.floor(r() * 40), targetPct: 80, waitingCount: waiting, ahtSec: 120, agentsAvailable: 1, agentsStaffed: r() < 0.1 ? 0 : 3, offeredCount: 10 + Math.floor(r() * 20), concurrency: 2 };
	});
}

function commandsFor(r: () => number, state: EngineState, now: number): AlertCommand[] {
	const ids = Object.keys(state.alerts);
	const out: AlertCommand[] = [];
	if (ids.length === 0) return out;
	for (let i = 0; i < 2; i++) {
		if (r() > 0.15) continue;
		const alertId = ids[Math.floor(r() * ids.length)];
		const type = (['ack', 'claim', 'unack', 'resolve'] as const)[Math.floor(r() * 4)];
		out.push(type === 'unack' || type === 'resolve' ? { type, alertId, by: 'li.supervisor' } : { type, alertId, by: 'li.supervisor', timeoutMs: r() < 0.5 ? 20 * SEC : undefined });
	}
	if (r() < 0.02) out.push({ type: 'ack', alertId: `nope@${now}`, by: 'x' });
	return out;
}

describe('incremental step = full-scan step', () => {
	for (const { name, config } of configs()) {
		it(`on random worlds: ${name}`, () => {
			let skippedTotal = 0;
			let evaluatedTotal = 0;
			let intentsTotal = 0;
			for (let seed = 1; seed <= 6; seed++) {
				const r = prng(seed * 7919);
				const ref = createAlertEngine(config);
				const inc = createAlertEngine(config);
				let a = emptyState();
				let b = emptyState();
				const w: World = { items: new Map(), dup: null, silences: [] };
				const seq = { n: 0 };
				let now = T0 + Math.floor(r() * 3600) * SEC;
				for (let tick = 0; tick < 200; tick++) {
					now += r() < 0.03 ? Math.floor(r() * 600) * SEC : Math.floor(500 + r() * 1500);
					mutate(w, r, now, seq);
					const items = [...w.items.values(), ...(w.dup ? [w.dup] : [])];
					const aggs = aggregates(r, w);
					const commands = commandsFor(r, a, now);
					const input = () => ({ snapshot: { items: structuredClone(items), aggregates: structuredClone(aggs) }, silences: w.silences, commands: structuredClone(commands) });
					const ra = ref.step(a, input(), now);
					const rb = inc.stepInPlace(b, input(), now);
					const where = `${name}, seed ${seed}, tick ${tick}`;
					expect({ where, transitions: rb.transitions }).toEqual({ where, transitions: ra.transitions });
					expect({ where, intents: rb.intents }).toEqual({ where, intents: ra.intents });
					expect({ where, log: rb.newLogEntries }).toEqual({ where, log: ra.newLogEntries });
					expect({ where, changed: structuredClone(rb.changedAlerts) }).toEqual({ where, changed: ra.changedAlerts });
					expect({ where, pruned: rb.prunedAlertIds, rejected: rb.rejectedCommands, now: rb.nowMs }).toEqual({ where, pruned: ra.prunedAlertIds, rejected: ra.rejectedCommands, now: ra.nowMs });
					// the whole state every 10th tick and at the end (deep comparison is the slow part)
					if (tick % 10 === 9) expect({ where, state: structuredClone(rb.state) }).toEqual({ where, state: ra.state });
					a = ra.state;
					b = rb.state;
					// the dispatcher's outcomes, some failed, reported to both
					for (const intent of ra.intents) {
						const outcome = { intentId: intent.id, ok: r() > 0.1, atMs: now + 200 };
						a = ref.recordDelivery(a, outcome).state;
						b = inc.recordDelivery(b, outcome).state;
					}
					intentsTotal += ra.intents.length;
					skippedTotal += inc.lastEvaluation.skipped;
					evaluatedTotal += inc.lastEvaluation.evaluated;
				}
			}
			console.log(`${name}: ${intentsTotal} intents, items evaluated ${evaluatedTotal}, skipped ${skippedTotal}`);
			// the worlds exercised both paths: notices were sent, and items were skipped as well as evaluated
			expect(intentsTotal).toBeGreaterThan(100);
			expect(skippedTotal).toBeGreaterThan(1000);
			expect(evaluatedTotal).toBeGreaterThan(1000);
		}, 180_000);
	}
});
