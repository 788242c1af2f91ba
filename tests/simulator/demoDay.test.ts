import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type SimEvent } from '../../src/lib/server/simulator/simulator';
import { firstRounds, rollingSl, slBetween, slOutcome, type ChannelRule } from './boardKpis';
import { defaultConfig, HOUR, measureDemoDay, measureDouble11, measureOutage, MIN, play, type DemoDay } from './demoRuns';

/**
 * Issue 18, "a demo that looks like a real day". The default demo (the configuration a fresh install
 * runs: seed 20261111, speed 1, scenario normal) is played on a virtual clock — accelerated: a
 * 16-hour day in a few seconds, the exact events the live demo sends — and measured from its raw
 * events with the board's definitions (./boardKpis.ts). Figures: `npm run bench:demo`.
 *
 * Where each bound comes from:
 * - SL 70–90 %, abandons 3–10 %, one amber/red spell an hour, ≥ 5× at 00:00: the issue's own ranges;
 * - amber/red: the board's colour rule (src/lib/wallboard/colours.ts, default thresholds: amber below
 *   the channel's target, red more than 10 points below);
 * - targets and SL times: the default configuration (chat 80 % in 30 s, phone 80 % in 20 s);
 * - L3: the server's default alert rules (alertConfigFromChannels, docs/alerts.md).
 */

/** 2026-03-24 08:00 +08:00, a Tuesday outside every calendar window; 16 h = 08:00–24:00, the default service hours */
const START = Date.UTC(2026, 2, 24, 0, 0);
const HOURS = 16;

describe('the default demo, 08:00–24:00 of an ordinary Tuesday (seed and speed of the default configuration)', () => {
	let d: DemoDay;
	beforeAll(() => {
		d = measureDemoDay(START, HOURS);
	}, 120_000);

	it('plays the configuration a fresh install runs: seed 20261111, speed 1, the four default channels', () => {
		const c = defaultConfig();
		expect(c.simulator).toMatchObject({ enabled: true, seed: 20261111, speed: 1 });
		expect(d.rules.map((r) => r.id)).toEqual(['chat', 'phone', 'email', 'ticket']);
	});

	it('runs chat around its target: SL 70–90 %, abandons 3–10 % (board definitions, whole day)', () => {
		const chat = d.day.chat;
		expect(chat.offered).toBeGreaterThan(5000); // a day, not a handful: 12 000 chats on an average day (params.ts)
		expect(chat.slPct!).toBeGreaterThanOrEqual(70);
		expect(chat.slPct!).toBeLessThanOrEqual(90);
		expect(chat.abandonPct).toBeGreaterThanOrEqual(3);
		expect(chat.abandonPct).toBeLessThanOrEqual(10);
		// phone runs around its target too, and only chat and phone customers hang up
		expect(d.day.phone.slPct!).toBeGreaterThanOrEqual(70);
		expect(d.day.phone.slPct!).toBeLessThanOrEqual(95);
		expect(d.day.phone.abandonPct).toBeGreaterThanOrEqual(1);
		expect(d.day.phone.abandonPct).toBeLessThanOrEqual(10);
		expect(d.day.email.abandonPct).toBe(0);
		expect(d.day.ticket.abandonPct).toBe(0);
	});

	it('moves: every hour some realtime tile turns amber or red on its 15-minute SL, and no tile stays red all day', () => {
		expect(d.hoursWithAmberOrRed).toBe(HOURS);
		// … from the very first hour (issue: "100 % SL and 0 abandons after 46 minutes")
		const first = d.hourly[0].channels;
		expect(first.chat.amberMin + first.chat.redMin + first.phone.amberMin + first.phone.redMin).toBeGreaterThan(0);
		// visible variation, not a board stuck on one colour: chat is green more than half of the day's minutes
		const chatBad = d.hourly.reduce((n, h) => n + h.channels.chat.amberMin + h.channels.chat.redMin, 0);
		expect(chatBad).toBeGreaterThan(0);
		expect(chatBad).toBeLessThan((HOURS * 60) / 2);
		const hourlySl = d.hourly.map((h) => h.channels.chat.slPct!);
		expect(Math.max(...hourlySl) - Math.min(...hourlySl)).toBeGreaterThan(15);
	});

	it('sizes agents to the load: every desk works 60–95 % of its on-floor capacity over the day, and over half of it in every hour', () => {
		// occupancy = contacts in hand ÷ slots of the agents on the floor (chat: 2–4 per agent). The issue's
		// "40 ticket agents for 25 tickets" is a desk at day strength with little to do; an hour under 50 %
		// would be one.
		for (const id of ['chat', 'phone', 'email', 'ticket']) {
			const a = d.agents[id];
			expect(a.occupancyPct, id).toBeGreaterThan(60);
			expect(a.occupancyPct, id).toBeLessThan(95);
			for (const h of d.hourly) expect(h.channels[id].occupancyPct, `${id} hour ${h.hour}`).toBeGreaterThan(50);
		}
	});
});

describe('the oracle: board definitions by hand', () => {
	const rule: ChannelRule = { id: 'chat', slTargetSec: 30, slTargetPct: 80, slAbandonGraceSec: 5 };
	const ev = (type: string, id: string, ts: number) => ({ type, contact_id: id, channel: 'chat', queue: 'presale', ts });
	// a: answered after 10 s (hit at 10 s); b: answered after 50 s (miss, known at 30 s);
	// c: abandoned after 3 s (short abandon: not counted); d: abandoned after 20 s (before T: not counted);
	// e: abandoned after 40 s (miss, known at 30 s); f: still waiting at 100 s (miss, known at 30 s);
	// g: arrived at 90 s, waiting 10 s at 100 s (outcome unknown: not counted)
	const events = [
		ev('contact.arrived', 'a', 0),
		ev('contact.arrived', 'b', 0),
		ev('contact.arrived', 'c', 0),
		ev('contact.arrived', 'd', 0),
		ev('contact.arrived', 'e', 0),
		ev('contact.arrived', 'f', 0),
		ev('contact.abandoned', 'c', 3_000),
		ev('contact.answered', 'a', 10_000),
		ev('contact.abandoned', 'd', 20_000),
		ev('contact.abandoned', 'e', 40_000),
		ev('contact.answered', 'b', 50_000),
		ev('contact.arrived', 'g', 90_000)
	];
	const rounds = firstRounds(events);

	it('counts a contact once its outcome is known: 1 hit, 3 misses by 100 s → 25 %', () => {
		expect(slBetween(rounds.values(), rule, -1, 100_000)).toEqual({ hits: 1, misses: 3, slPct: 25 });
		// at 20 s only a's answer is known: 1 / 1
		expect(slBetween(rounds.values(), rule, -1, 20_000)).toEqual({ hits: 1, misses: 0, slPct: 100 });
		expect(slOutcome(rounds.get('g')!, rule)).toEqual({ atMs: 120_000, hit: false }); // a miss from 120 s on, unless answered by then
	});

	it('rolls a 15-minute window and colours it with the board rule (80 % target: amber below, red below 70 %)', () => {
		const roll = rollingSl(rounds.values(), rule, 0, 3 * MIN, MIN);
		expect(roll.map((x) => [x.slPct, x.colour])).toEqual([
			[null, 'none'], // at 0 s nothing is known
			[25, 'red'], // at 60 s: a hit; b, e, f missed at 30 s → 1 / 4
			[20, 'red'] // at 120 s: g too (arrived at 90 s, unanswered 30 s later) → 1 / 5
		]);
	});
});

describe('double11 at 60×: the 00:00 rush builds a real queue', () => {
	it('arrives at ≥ 5× the normal rate, and many more chats wait at once than before, long enough to turn the tile red', () => {
		const r = measureDouble11();
		expect(r.ratio).toBeGreaterThanOrEqual(5);
		expect(r.maxWaitingAfter).toBeGreaterThanOrEqual(3 * Math.max(r.maxWaitingBefore, 5));
		// chat SL time 30 s: most of the first minute's chats wait past it; the longest past the chat L2
		// time (60 s), where the tile's waiting clock turns it red (colours.ts waitColour); the 15-min SL
		// falls below target (amber) although at 60× its window still holds the calm evening
		expect(r.medianWaitSec).toBeGreaterThan(30);
		expect(r.longestWaitSec).toBeGreaterThan(60);
		expect(r.minSlAfterPct!).toBeLessThan(80);
	}, 60_000);
});

describe('outage at 60×: SL below target and an L3', () => {
	it('takes the failing channel far below its SL target and the alert engine (default rules) raises L3 on it', () => {
		const o = measureOutage();
		expect(o.channel).toBe('phone');
		expect(o.slAtEndPct!).toBeLessThan(o.targetPct - 20); // the SLA-health rule's L3 step (20 points, docs/alerts.md)
		expect(o.firstL3).not.toBeNull();
		// the phone L3 time is 180 s (default alerts): no contact can have waited that long before 180 s into
		// the outage, and one does before it ends (10 wall minutes at 60×, scenario.ts)
		expect(o.firstL3!.afterSec).toBeGreaterThanOrEqual(180);
		expect(o.firstL3!.afterSec).toBeLessThan(o.outageSec);
	}, 120_000);
});

describe('stopping `npm run simulate`', () => {
	it('ends only its own contacts, abandons waiting chats and calls, and never an e-mail or ticket', () => {
		const c = defaultConfig();
		// the CLI's simulator (scripts/simulate.ts): the scenario as agent prefix; stopped at 21:30, when
		// the e-mail desk has closed for the night and e-mails queue
		const startMs = Date.UTC(2026, 2, 24, 0, 0);
		const sim = createSimulator({ seed: c.simulator.seed, channels: c.channels, queues: c.queues, timezone: c.timezone, scenario: 'normal', speed: 1, startMs, agentIdPrefix: 'normal-' });
		const { events } = play(sim, startMs, startMs + 13.5 * HOUR);
		const closing: SimEvent[] = sim.shutdown(startMs + 13.5 * HOUR);
		// what was open just before the stop, by channel
		const open = new Map<string, string>();
		for (const e of events) {
			if (e.type === 'contact.arrived' || e.type === 'contact.reopened') open.set(e.contact_id as string, e.channel as string);
			if (e.type === 'contact.resolved' || e.type === 'contact.abandoned') open.delete(e.contact_id as string);
		}
		const openDeferred = [...open.values()].filter((ch) => ch === 'email' || ch === 'ticket').length;
		expect(openDeferred).toBeGreaterThan(10); // the stop does have e-mails/tickets to deal with
		// its own contacts only: every closing event is about a contact this run opened, under its own prefix,
		// which is not the built-in demo's `sim<seed>-` (app/demo.ts closes those after a restart)
		const contactEvents = closing.filter((e) => e.type !== 'agent.state');
		expect(contactEvents.every((e) => open.has(e.contact_id as string))).toBe(true);
		expect(sim.runId.startsWith('normal-sim')).toBe(true);
		expect(sim.runId.startsWith(`sim${c.simulator.seed.toString(36)}-`)).toBe(false);
		// no e-mail or ticket abandoned, by the stop or before it
		const abandonedDeferred = [...events, ...closing].filter((e) => e.type === 'contact.abandoned' && (e.channel === 'email' || e.channel === 'ticket'));
		expect(abandonedDeferred).toEqual([]);
		// every contact open at the stop is closed: chats/calls waiting → abandoned, in hand → resolved,
		// e-mails/tickets → answered and resolved, marked closed_by simulator_stop
		const closed = new Set(contactEvents.filter((e) => e.type === 'contact.resolved' || e.type === 'contact.abandoned').map((e) => e.contact_id));
		expect([...open.keys()].filter((id) => !closed.has(id))).toEqual([]);
		const deskClosures = contactEvents.filter((e) => (e.channel === 'email' || e.channel === 'ticket') && (e.attrs as { closed_by?: string } | undefined)?.closed_by === 'simulator_stop');
		expect(deskClosures.filter((e) => e.type === 'contact.resolved').length).toBeGreaterThan(0);
		// and nobody stays logged in
		const lastState = new Map<string, string>();
		for (const e of [...events, ...closing]) if (e.type === 'agent.state') lastState.set(e.agent_id as string, e.state as string);
		expect([...lastState.values()].filter((s) => s !== 'offline')).toEqual([]);
	}, 60_000);
});
