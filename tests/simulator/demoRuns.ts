/**
 * Runs of the demo for issue 18's "a demo that looks like a real day", shared by
 * tests/simulator/demoDay.test.ts (which checks the figures) and bench/demo.ts (which prints them):
 * the simulator is pure given its seed and the times it is advanced to, so a virtual clock plays a
 * day in seconds ("accelerated") with exactly the events the live demo would send.
 *
 * Every figure is computed from the raw event stream with the board's definitions
 * (./boardKpis.ts), not read from the simulator's own state — except the agents-vs-load samples,
 * which are the simulator's head-count and contacts in hand (what the board's agent row shows).
 */
import { createAlertEngine, emptyState, type AlertTransition } from '../../alerts/index';
import { aggregatesFrom, alertConfigFromChannels, openItemsFrom } from '../../src/lib/server/alerts/service';
import { loadConfig } from '../../src/lib/server/config/config';
import { validateEvent, type ValidationContext } from '../../src/lib/server/ingest/contract';
import { LiveState } from '../../src/lib/server/live/liveState';
import { createSimulator, type SimEvent, type Simulator } from '../../src/lib/server/simulator/simulator';
import { dayFigures, firstRounds, rollingSl, slBetween, type ChannelRule, type DayFigures, type FirstRound } from './boardKpis';

export const MIN = 60_000;
export const HOUR = 3_600_000;

/** The configuration a fresh install runs with (no config file, no environment). */
export function defaultConfig() {
	return loadConfig({ env: {} });
}

/**
 * The built-in demo exactly as src/lib/server/app/demo.ts starts it with the default configuration:
 * scenario normal, the configured seed and speed, channels, queues and zone; `startMs` is "now".
 */
export function defaultDemo(startMs: number): Simulator {
	const c = defaultConfig();
	return createSimulator({
		seed: c.simulator.seed,
		channels: c.channels,
		queues: c.queues,
		timezone: c.timezone,
		scenario: 'normal',
		speed: c.simulator.speed,
		startMs
	});
}

export interface AgentSample {
	atMs: number;
	channel: string;
	agentsLoggedIn: number;
	/** contacts in hand + waiting */
	work: number;
	busySlots: number;
	slots: number;
}

/** Advances `sim` to `untilMs` in steps of `stepMs`, collecting events and (every minute) the agents-vs-load sample. */
export function play(sim: Simulator, fromMs: number, untilMs: number, stepMs = MIN): { events: SimEvent[]; agents: AgentSample[] } {
	const events: SimEvent[] = [];
	const agents: AgentSample[] = [];
	for (let t = fromMs; t <= untilMs; t += stepMs) {
		for (const e of sim.advance(t)) events.push(e);
		if ((t - fromMs) % MIN === 0) {
			for (const c of sim.stats().channels) {
				agents.push({ atMs: t, channel: c.channel, agentsLoggedIn: c.agentsLoggedIn, work: c.busySlots + c.waiting, busySlots: c.busySlots, slots: c.slots });
			}
		}
	}
	return { events, agents };
}

export interface HourFigures {
	hour: number;
	/** per channel: SL of the contacts that arrived in the hour, and the minutes its tile's 15-min SL was amber / red */
	channels: Record<string, { slPct: number | null; amberMin: number; redMin: number; occupancyPct: number }>;
}

export interface DemoDay {
	startMs: number;
	hours: number;
	rules: ChannelRule[];
	day: Record<string, DayFigures>;
	hourly: HourFigures[];
	/** hours in which some realtime tile went amber or red on its 15-minute SL */
	hoursWithAmberOrRed: number;
	/** per channel over the run: mean logged-in agents, mean contacts in hand + waiting, occupancy (busy ÷ slots on the floor) */
	agents: Record<string, { meanAgents: number; meanWork: number; occupancyPct: number; maxAgents: number; maxWork: number }>;
	events: SimEvent[];
	rounds: Map<string, FirstRound>;
}

/** Plays the default demo for `hours` from `startMs` (plus 15 min so every outcome of the last hour is known) and measures it. */
export function measureDemoDay(startMs: number, hours: number): DemoDay {
	const config = defaultConfig();
	const sim = defaultDemo(startMs);
	const endMs = startMs + hours * HOUR;
	const { events, agents } = play(sim, startMs, endMs + 15 * MIN);
	const rounds = firstRounds(events);
	const rules: ChannelRule[] = config.channels.map((c) => ({ id: c.id, slTargetSec: c.slTargetSec, slTargetPct: c.slTargetPct, slAbandonGraceSec: c.slAbandonGraceSec }));
	const realtime = config.channels.filter((c) => c.kind === 'realtime').map((c) => c.id);
	const day: Record<string, DayFigures> = {};
	for (const r of rules) day[r.id] = dayFigures(rounds.values(), r, startMs, endMs);
	const hourly: HourFigures[] = [];
	const rolls = Object.fromEntries(rules.map((r) => [r.id, rollingSl(rounds.values(), r, startMs, endMs)]));
	let hoursWithAmberOrRed = 0;
	for (let h = 0; h < hours; h++) {
		const from = startMs + h * HOUR;
		const hf: HourFigures = { hour: h, channels: {} };
		let flagged = false;
		for (const r of rules) {
			const part = rolls[r.id].filter((x) => x.atMs >= from && x.atMs < from + HOUR);
			const amberMin = part.filter((x) => x.colour === 'amber').length;
			const redMin = part.filter((x) => x.colour === 'red').length;
			const s = agents.filter((a) => a.channel === r.id && a.atMs >= from && a.atMs < from + HOUR);
			const occupancyPct = (100 * s.reduce((n, a) => n + a.busySlots, 0)) / Math.max(1, s.reduce((n, a) => n + a.slots, 0));
			hf.channels[r.id] = { slPct: dayFigures(rounds.values(), r, from, from + HOUR).slPct, amberMin, redMin, occupancyPct };
			if (realtime.includes(r.id) && amberMin + redMin > 0) flagged = true;
		}
		if (flagged) hoursWithAmberOrRed++;
		hourly.push(hf);
	}
	const byChannel: DemoDay['agents'] = {};
	for (const r of rules) {
		const s = agents.filter((a) => a.channel === r.id && a.atMs >= startMs + HOUR && a.atMs < endMs);
		const sum = (f: (a: AgentSample) => number) => s.reduce((n, a) => n + f(a), 0);
		byChannel[r.id] = {
			meanAgents: sum((a) => a.agentsLoggedIn) / s.length,
			meanWork: sum((a) => a.work) / s.length,
			occupancyPct: (100 * sum((a) => a.busySlots)) / Math.max(1, sum((a) => a.slots)),
			maxAgents: Math.max(...s.map((a) => a.agentsLoggedIn)),
			maxWork: Math.max(...s.map((a) => a.work))
		};
	}
	return { startMs, hours, rules, day, hourly, hoursWithAmberOrRed, agents: byChannel, events, rounds };
}

// ---- double11 -------------------------------------------------------------------------------

export interface Double11Rush {
	/** chat arrivals per wall second in the first 30 wall seconds of 11-11 00:00 */
	rushRatePerSec: number;
	/** chat arrivals per wall second over a whole ordinary day at the same speed (same seed) */
	normalRatePerSec: number;
	ratio: number;
	/** most chats waiting at once in the 3 wall minutes before / after 00:00 */
	maxWaitingBefore: number;
	maxWaitingAfter: number;
	/** the chat tile's 15-minute SL at its lowest in the 3 wall minutes after 00:00, percent */
	minSlAfterPct: number | null;
	/** median wait (to answer or abandon) of the chats arriving in the first wall minute after 00:00, seconds */
	medianWaitSec: number;
	/** the longest any of them waited, seconds: the chat tile's waiting clock (red from the L2 time) */
	longestWaitSec: number;
	/** abandoned / arrived of the chats arriving in the first wall minute after 00:00 */
	abandonPct: number;
}

/** Chat arrivals per wall second over one scenario day of a scenario at 60× (the default seed). */
function arrivalsPerWallSec(scenario: 'normal', startMs: number, simDayStartMs: number): number {
	const c = defaultConfig();
	const sim = createSimulator({ seed: c.simulator.seed, channels: c.channels, queues: c.queues, timezone: c.timezone, scenario, speed: 60, startMs, simStartMs: simDayStartMs });
	let n = 0;
	const until = startMs + (24 * HOUR) / 60;
	for (let t = startMs; t <= until; t += 5_000) for (const e of sim.advance(t)) if (e.type === 'contact.arrived' && e.channel === 'chat' && (e.ts as number) < until) n++;
	return n / ((until - startMs) / 1000);
}

/**
 * `npm run simulate -- --scenario double11 --speed 60` (default seed) around 11-11 00:00, and an
 * ordinary day (2026-12-02, a Wednesday three weeks later: same growth and season, no calendar
 * window) at the same speed for the normal rate.
 */
export function measureDouble11(): Double11Rush {
	const c = defaultConfig();
	const startMs = Date.UTC(2026, 10, 10, 12, 0);
	const sim = createSimulator({ seed: c.simulator.seed, channels: c.channels, queues: c.queues, timezone: c.timezone, scenario: 'double11', speed: 60, startMs, agentIdPrefix: 'double11-' });
	const midnightWall = startMs + (Date.UTC(2026, 10, 10, 16) - sim.plan.simStartMs) / 60; // 11-11 00:00 +08:00
	const events: SimEvent[] = [];
	const waiting: [number, number][] = [];
	for (let t = startMs; t <= midnightWall + 4 * MIN; t += 1000) {
		for (const e of sim.advance(t)) events.push(e);
		waiting.push([t, sim.stats().channels.find((x) => x.channel === 'chat')!.waiting]);
	}
	const rounds = [...firstRounds(events).values()].filter((r) => r.channel === 'chat');
	const rush = rounds.filter((r) => r.arrivedMs >= midnightWall && r.arrivedMs < midnightWall + 30_000).length / 30;
	const normal = arrivalsPerWallSec('normal', Date.UTC(2026, 11, 1, 16), Date.UTC(2026, 11, 1, 16));
	const maxWaiting = (a: number, b: number) => Math.max(...waiting.filter(([t]) => t >= a && t < b).map(([, w]) => w));
	const chatRule = c.channels.find((x) => x.id === 'chat')!;
	const roll = rollingSl(rounds, chatRule, midnightWall, midnightWall + 3 * MIN, 10_000);
	const sls = roll.map((x) => x.slPct).filter((x): x is number => x !== null);
	const firstMinute = rounds.filter((r) => r.arrivedMs >= midnightWall && r.arrivedMs < midnightWall + MIN);
	const waits = firstMinute.map((r) => ((r.answeredMs ?? r.abandonedMs ?? Infinity) - r.arrivedMs) / 1000).sort((a, b) => a - b);
	return {
		rushRatePerSec: rush,
		normalRatePerSec: normal,
		ratio: rush / normal,
		maxWaitingBefore: maxWaiting(midnightWall - 3 * MIN, midnightWall),
		maxWaitingAfter: maxWaiting(midnightWall, midnightWall + 3 * MIN),
		minSlAfterPct: sls.length > 0 ? Math.min(...sls) : null,
		medianWaitSec: waits[Math.floor(waits.length / 2)],
		longestWaitSec: waits[waits.length - 1],
		abandonPct: (100 * firstMinute.filter((r) => r.abandonedMs !== null).length) / firstMinute.length
	};
}

// ---- outage ---------------------------------------------------------------------------------

export interface OutageRun {
	channel: string;
	/** how long the outage lasts, wall seconds */
	outageSec: number;
	targetPct: number;
	/** the failing channel's 15-minute SL (board definition) at the outage's end, percent */
	slAtEndPct: number | null;
	/** the first L3 the alert engine raised on the channel: rule id and wall seconds after the outage began */
	firstL3: { rule: string; afterSec: number } | null;
	l3Rules: string[];
}

/**
 * `npm run simulate -- --scenario outage --speed 60` (default seed) fed through the ingest contract
 * into the server's live state, and the alert engine stepped every wall second with the server's
 * default rules and snapshot builders (as bench/alerts.ts does).
 */
export function measureOutage(): OutageRun {
	const c = defaultConfig();
	const startMs = Date.UTC(2026, 2, 24, 1, 0); // 09:00 +08:00, a Tuesday
	const sim = createSimulator({ seed: c.simulator.seed, channels: c.channels, queues: c.queues, timezone: c.timezone, scenario: 'outage', speed: 60, startMs, agentIdPrefix: 'outage-' });
	const o = sim.plan.outage!;
	const engine = createAlertEngine(alertConfigFromChannels(c.channels));
	let state = emptyState();
	const live = new LiveState(c.channels, c.timezone, startMs);
	const ctx: ValidationContext = {
		channels: new Set(c.channels.map((x) => x.id)),
		queues: new Set(c.queues.map((q) => q.id)),
		nowMs: startMs,
		maxLatenessSec: 24 * 3600,
		maxFutureSkewSec: 300
	};
	const events: SimEvent[] = [];
	const l3: AlertTransition[] = [];
	for (let t = startMs; t <= o.toMs; t += 1000) {
		ctx.nowMs = t;
		for (const raw of sim.advance(t)) {
			events.push(raw);
			const ev = validateEvent(raw, ctx);
			if (Array.isArray(ev)) throw new Error(`simulator event refused by the contract: ${JSON.stringify(ev)}`);
			live.apply(ev, t);
		}
		const r = engine.step(state, { snapshot: { items: openItemsFrom(live), aggregates: aggregatesFrom(live.snapshot(t), c.channels) } }, t);
		state = r.state;
		for (const tr of r.transitions) {
			const a = state.alerts[tr.alertId];
			if ((tr.type === 'firing' || tr.type === 'escalated') && tr.toLevel === 3 && a && String(a.labels.channel) === o.channel) l3.push(tr);
		}
		for (const intent of r.intents) state = engine.recordDelivery(state, { intentId: intent.id, ok: true, atMs: t }).state;
		live.prune(t, HOUR);
	}
	const rule = c.channels.find((x) => x.id === o.channel)!;
	const rounds = firstRounds(events);
	const ruleOf = (tr: AlertTransition) => tr.alertKey.split(':')[1] ?? tr.alertKey;
	return {
		channel: o.channel,
		outageSec: (o.toMs - o.fromMs) / 1000,
		targetPct: rule.slTargetPct,
		slAtEndPct: slBetween(rounds.values(), rule, o.toMs - 15 * MIN, o.toMs).slPct,
		firstL3: l3.length > 0 ? { rule: ruleOf(l3[0]), afterSec: (l3[0].atMs - o.fromMs) / 1000 } : null,
		l3Rules: [...new Set(l3.map(ruleOf))]
	};
}
