import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { validateEvent, type ValidationContext } from '../../src/lib/server/ingest/contract';
import { createSimulator, type SimEvent } from '../../src/lib/server/simulator/simulator';
import { firstRounds, rollingSl } from './boardKpis';
import { streamKpis } from './streamKpis';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-03-24 00:00 +08:00, a Tuesday; 03-24…03-26 touch no calendar window (asserted below) */
const START = Date.UTC(2026, 2, 23, 16, 0);
const DAYS = 3;
/** simulate past the measured days so that re-opens and repeat contacts of late arrivals are seen */
const TAIL = 10 * HOUR;

function run(opts: Partial<Parameters<typeof createSimulator>[0]>, untilMs: number, stepMs: number) {
	const sim = createSimulator({
		seed: 1,
		channels: DEFAULT_CHANNELS,
		queues: DEFAULT_QUEUES,
		timezone: TZ,
		scenario: 'normal',
		speed: 1,
		startMs: START,
		simStartMs: START,
		...opts
	});
	const events: SimEvent[] = [];
	const start = sim.plan.startMs;
	for (let t = start; t < untilMs; t += stepMs) {
		const batch = sim.advance(t);
		for (const e of batch) {
			if ((e.ts as number) > t) throw new Error(`event ${String(e.event_id)} has ts ${String(e.ts)} after now ${t}`);
			events.push(e);
		}
	}
	for (const e of sim.advance(untilMs)) events.push(e);
	return { sim, events };
}

describe('simulator, three normal days at speed 1', () => {
	let events: SimEvent[];
	let shutdownEvents: SimEvent[];
	let sim: ReturnType<typeof createSimulator>;
	beforeAll(() => {
		const r = run({}, START + DAYS * DAY + TAIL, 60_000);
		sim = r.sim;
		events = r.events;
		shutdownEvents = sim.shutdown(START + DAYS * DAY + TAIL);
	}, 120_000);

	it('plays days that are outside every calendar window (the KPI figures below are normal-day figures)', () => {
		for (let d = 0; d < DAYS; d++) expect(sim.model.dayAt(START + d * DAY + HOUR).calendar).toEqual([]);
	});

	it('emits only events that pass the v1 contract validation with zero problems, with unique ids', () => {
		const ctx: Omit<ValidationContext, 'nowMs'> = {
			channels: new Set(DEFAULT_CHANNELS.map((c) => c.id)),
			queues: new Set(DEFAULT_QUEUES.map((q) => q.id)),
			maxLatenessSec: 24 * 3600,
			maxFutureSkewSec: 300
		};
		const problems: unknown[] = [];
		const ids = new Set<string>();
		for (const e of [...events, ...shutdownEvents]) {
			const r = validateEvent(e, { ...ctx, nowMs: e.ts as number });
			if (Array.isArray(r)) problems.push({ e, r });
			ids.add(e.event_id as string);
		}
		expect(problems.slice(0, 3)).toEqual([]);
		expect(ids.size).toBe(events.length + shutdownEvents.length);
		// every type of the contract is exercised except contact.queued (arrival puts a contact in its queue)
		const types = new Set(events.map((e) => e.type));
		for (const t of [
			'contact.arrived',
			'contact.answered',
			'contact.agent_replied',
			'contact.customer_replied',
			'contact.transferred',
			'contact.resolved',
			'contact.abandoned',
			'contact.reopened',
			'contact.rated',
			'agent.state'
		]) {
			expect(types.has(t), t).toBe(true);
		}
	});

	it('emits events in time order, as wall time in epoch ms', () => {
		let outOfOrder = 0;
		for (let i = 1; i < events.length; i++) if ((events[i].ts as number) < (events[i - 1].ts as number)) outOfOrder++;
		expect(outOfOrder).toBe(0);
		expect(events.every((e) => Number.isInteger(e.ts))).toBe(true);
	});

	it('keeps every contact lifecycle and every agent consistent', () => {
		type S = { state: 'waiting' | 'active' | 'resolved' | 'abandoned'; agent: string | null; channel: string };
		const contacts = new Map<string, S>();
		const agents = new Map<string, { state: string; channels: string[]; max: number; load: number }>();
		const errors: string[] = [];
		const fail = (e: SimEvent, msg: string) => errors.length < 5 && errors.push(`${String(e.type)} ${String(e.contact_id ?? e.agent_id)}: ${msg}`);
		for (const e of [...events, ...shutdownEvents]) {
			if (e.type === 'agent.state') {
				const prev = agents.get(e.agent_id as string);
				agents.set(e.agent_id as string, {
					state: e.state as string,
					channels: e.channels as string[],
					max: e.max_concurrency as number,
					load: prev?.load ?? 0
				});
				if (e.state === 'offline' && prev && prev.load > 0) fail(e, `went offline holding ${prev.load} contacts`);
				if (e.state === 'break' && prev && prev.load > 0) fail(e, `went on break holding ${prev.load} contacts`);
				continue;
			}
			const id = e.contact_id as string;
			const c = contacts.get(id);
			if (e.type === 'contact.arrived') {
				if (c) fail(e, 'arrived twice');
				contacts.set(id, { state: 'waiting', agent: null, channel: e.channel as string });
				continue;
			}
			if (!c) {
				fail(e, 'event before arrival');
				continue;
			}
			if (e.channel !== c.channel) fail(e, 'changed channel');
			const release = () => {
				const a = c.agent ? agents.get(c.agent) : undefined;
				if (a) a.load--;
				c.agent = null;
			};
			switch (e.type) {
				case 'contact.answered': {
					if (c.state !== 'waiting') fail(e, `answered while ${c.state}`);
					const a = agents.get(e.agent_id as string);
					if (!a || a.state === 'offline' || a.state === 'break') fail(e, `agent ${String(e.agent_id)} is ${a?.state ?? 'unknown'}`);
					else {
						if (!a.channels.includes(c.channel)) fail(e, `agent does not serve ${c.channel}`);
						a.load++;
						if (a.load > a.max) fail(e, `agent over max_concurrency ${a.max}`);
					}
					c.state = 'active';
					c.agent = e.agent_id as string;
					break;
				}
				case 'contact.agent_replied':
				case 'contact.customer_replied':
					if (c.state !== 'active') fail(e, `reply while ${c.state}`);
					if (e.type === 'contact.agent_replied' && e.agent_id !== c.agent) fail(e, 'reply by another agent');
					break;
				case 'contact.transferred':
					if (c.state !== 'active') fail(e, `transfer while ${c.state}`);
					if (e.to_queue === e.queue) fail(e, 'transfer to the same queue');
					release();
					c.state = 'waiting';
					break;
				case 'contact.resolved':
					if (c.state !== 'active') fail(e, `resolved while ${c.state}`);
					release();
					c.state = 'resolved';
					break;
				case 'contact.abandoned':
					if (c.state !== 'waiting') fail(e, `abandoned while ${c.state}`);
					c.state = 'abandoned';
					break;
				case 'contact.reopened':
					if (c.state !== 'resolved') fail(e, `reopened while ${c.state}`);
					c.state = 'waiting';
					break;
				case 'contact.rated':
					if (c.state === 'waiting' && c.agent === null && !(contacts.get(id)?.state === 'resolved')) {
						// a rating may arrive after the contact was re-opened; never before its first resolution
					}
					break;
			}
		}
		expect(errors).toEqual([]);
		// after shutdown nothing is left open and nobody is logged in
		expect([...contacts.values()].filter((c) => c.state === 'waiting' || c.state === 'active')).toEqual([]);
		expect([...agents.values()].filter((a) => a.state !== 'offline')).toEqual([]);
	});

	it('lands near the domain KPI figures on normal days', () => {
		const k = streamKpis(events, (a) => a < START + DAYS * DAY);
		// Oracles: docs/domain.md "Reference figures". Tolerances: sampling noise is small
		// (≈ 44 000 contacts: s.e. of FCR ≈ 0.002), the rest is day-to-day variation of the model
		// (short-staffed blocks, day noise), measured at ±0.04 on 即时响应率 over ten single days.
		expect(k.fcr).toBeGreaterThan(0.75 - 0.04); // FCR 75% on average
		expect(k.fcr).toBeLessThan(0.75 + 0.04);
		expect(k.csat).toBeGreaterThan(4.2 - 0.15); // CSAT 4.2 / 5
		expect(k.csat).toBeLessThan(4.2 + 0.15);
		expect(k.ahtMin).toBeGreaterThan(12 - 1.5); // AHT 12 min on average …
		expect(k.ahtMin).toBeLessThan(12 + 1.5);
		expect(k.ahtMinByChannel.chat).toBeLessThan(k.ahtMin); // … chat faster
		// 即时响应率 (60 s): since issue 18 the demo is calibrated to the board's SL on the configured
		// targets (80% within 30 s chat / 20 s phone; tests/simulator/demoDay.test.ts), and a 60-s
		// response then lands at or above the industry's 82% [domain] — between it and the large
		// marketplaces' 85% [domain]; at most 92%, 7 points above the best figure in domain.md (beyond
		// that the demo would look better than any centre the domain describes).
		expect(k.immediateResponseRate).toBeGreaterThan(0.82);
		expect(k.immediateResponseRate).toBeLessThan(0.92);
		expect(k.complaintReopenRate).toBeGreaterThan(0.12 - 0.05); // 投诉二次率 12%
		expect(k.complaintReopenRate).toBeLessThan(0.12 + 0.05);
		// e-mail and tickets are worked over hours, chat and phone in seconds
		expect(k.meanWaitSecByChannel.email).toBeGreaterThan(3600);
		expect(k.meanWaitSecByChannel.ticket).toBeGreaterThan(1800);
		expect(k.meanWaitSecByChannel.chat).toBeLessThan(120);
		expect(k.meanWaitSecByChannel.phone).toBeLessThan(120);
		// callers and chat customers do give up, e-mails and tickets never do
		expect(k.abandonRateByChannel.phone).toBeGreaterThan(0.01);
		expect(k.abandonRateByChannel.chat).toBeGreaterThan(0.01);
		expect(k.abandonRateByChannel.email).toBe(0);
		// volumes: the model's average day is 12 000 chats, 2 400 calls, 600 e-mails, 1 000 tickets (params.ts)
		expect(k.offered / DAYS).toBeGreaterThan(12_000);
		expect(k.offered / DAYS).toBeLessThan(20_000);
	});

	it('has dips and recoveries every day: the 15-min chat SL (board definitions) goes red and back to 95 %', () => {
		// the short-staffed spells (one per wall hour, params.ts SPELL_*); colour rule of the board: red
		// more than 10 points below the 80 % target
		const rule = DEFAULT_CHANNELS.find((c) => c.id === 'chat')!;
		const rounds = firstRounds(events);
		for (let d = 0; d < DAYS; d++) {
			const roll = rollingSl(rounds.values(), rule, START + d * DAY + 8 * HOUR, START + (d + 1) * DAY, 60_000);
			expect(roll.some((x) => x.colour === 'red'), `day ${d}`).toBe(true);
			expect(roll.some((x) => x.slPct !== null && x.slPct >= 95), `day ${d}`).toBe(true);
		}
	});
});

describe('simulator determinism', () => {
	it('gives the same events whatever the slicing of time into advance() calls', () => {
		const a = run({ seed: 9 }, START + 2 * HOUR, 60_000).events;
		const b = run({ seed: 9 }, START + 2 * HOUR, 7_300).events;
		expect(b.length).toBeGreaterThan(1000);
		expect(b).toEqual(a);
	});

	it('gives ids that differ between two runs (restarts never collide in the ingester dedup)', () => {
		const a = run({ seed: 9 }, START + 600_000, 60_000).events;
		const b = run({ seed: 9, startMs: START + 1 }, START + 600_000, 60_000).events;
		const ids = new Set(a.map((e) => e.event_id));
		expect(b.some((e) => ids.has(e.event_id))).toBe(false);
	});
});

describe('scenarios at 60×', () => {
	function arrivalsOfSimDay(scenario: 'normal' | 'double11', simDayStartMs: number, simStartMs?: number) {
		const startMs = Date.UTC(2026, 10, 23, 1, 0);
		const sim = createSimulator({
			seed: 3,
			channels: DEFAULT_CHANNELS,
			queues: DEFAULT_QUEUES,
			timezone: TZ,
			scenario,
			speed: 60,
			startMs,
			simStartMs
		});
		let n = 0;
		const until = startMs + (simDayStartMs + DAY - sim.plan.simStartMs) / 60;
		for (let t = startMs; t <= until; t += 5_000) {
			for (const e of sim.advance(t)) {
				if (e.type !== 'contact.arrived') continue;
				const s = sim.simTimeAt(e.ts as number);
				if (s >= simDayStartMs && s < simDayStartMs + DAY) n++;
			}
		}
		return { n, sim };
	}

	it('double11 plays 11-10 20:00 onwards and its 11-11 has 3–5× the contacts of a normal day', () => {
		const d11Day = Date.UTC(2026, 10, 10, 16); // 2026-11-11 00:00 +08:00
		const d11 = arrivalsOfSimDay('double11', d11Day);
		expect(d11.sim.plan.simStartMs).toBe(Date.UTC(2026, 10, 10, 12)); // 11-10 20:00 +08:00
		// a Wednesday three weeks later, after the after-sales tail and before Double 12's ramp, so that
		// the growth trend and the yearly season are the same as on 11-11
		const normalDay = Date.UTC(2026, 11, 1, 16); // 2026-12-02 00:00 +08:00
		const normal = arrivalsOfSimDay('normal', normalDay, normalDay);
		expect(normal.sim.model.dayAt(normalDay + HOUR).calendar).toEqual([]);
		// Oracle: domain.md "During big promotions volume grows 3–5× over normal days".
		// At 60× a scenario day is 24 wall minutes, so each count is ~1/60 of a day (≈ 250 / ≈ 1 100).
		const ratio = d11.n / normal.n;
		expect(normal.n).toBeGreaterThan(150);
		expect(ratio).toBeGreaterThan(3);
		expect(ratio).toBeLessThan(5);
	});

	it('outage: the failing channel stops answering, waits pass the top alert level, others go on', () => {
		const startMs = Date.UTC(2026, 10, 23, 1, 0);
		const sim = createSimulator({
			seed: 4,
			channels: DEFAULT_CHANNELS,
			queues: DEFAULT_QUEUES,
			timezone: TZ,
			scenario: 'outage',
			speed: 60,
			startMs
		});
		const o = sim.plan.outage!;
		expect(o.channel).toBe('phone');
		const events: SimEvent[] = [];
		for (let t = startMs; t <= o.toMs + 120_000; t += 1000) events.push(...sim.advance(t));
		// an agent who picked a call up just before the outage still says hello (pickup ≤ 6 s)
		const inside = (e: SimEvent) => (e.ts as number) >= o.fromMs + 6_000 && (e.ts as number) < o.toMs;
		const answered = (ch: string) => events.filter((e) => e.type === 'contact.answered' && e.channel === ch && inside(e)).length;
		expect(answered('phone')).toBe(0);
		expect(answered('chat')).toBeGreaterThan(50);
		// phone contacts wait beyond the L3 threshold (180 s) and abandon
		const arrived = new Map(events.filter((e) => e.type === 'contact.arrived').map((e) => [e.contact_id, e.ts as number]));
		const phoneAbandons = events.filter((e) => e.type === 'contact.abandoned' && e.channel === 'phone' && inside(e));
		expect(phoneAbandons.length).toBeGreaterThan(10);
		const longest = Math.max(...phoneAbandons.map((e) => (e.ts as number) - arrived.get(e.contact_id)!));
		expect(longest).toBeGreaterThan(180_000);
		// and the channel recovers after the outage
		expect(events.some((e) => e.type === 'contact.answered' && e.channel === 'phone' && (e.ts as number) > o.toMs)).toBe(true);
	});
});
