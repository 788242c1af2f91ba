import type { ChannelConfig, QueueConfig } from '$lib/types/domain';
import { createContactLifecycle, type ContactLifecycle } from './contactLifecycle';
import { EventQueue } from './eventQueue';
import { Rng } from './random';
import { createRoster } from './roster';
import { createRouting } from './routing';
import { planScenario, type ScenarioName, type ScenarioPlan } from './scenario';
import { VolumeModel } from './volumeModel';
import { Emitter, WaitingLine, type ChannelState, type Contact, type World } from './world';

/** One event in the v1 contract's wire shape (snake_case, `ts` epoch ms). */
export type SimEvent = Record<string, unknown>;

export interface SimulatorOptions {
	seed: number;
	channels: readonly ChannelConfig[];
	queues: readonly QueueConfig[];
	timezone: string;
	scenario: ScenarioName;
	/** scenario-clock seconds per wall second, (0, 60] */
	speed: number;
	/** wall time the simulation starts; events' `ts` are wall time from here on */
	startMs: number;
	volumeScale?: number;
	/** overrides where the scenario clock starts (see planScenario) */
	simStartMs?: number;
	/** outage scenario: the failing channel (default phone) */
	outageChannel?: string;
	/**
	 * prefix of agent and team ids (default none: 'chat-a001'). Agent ids are stable across runs so a
	 * restart takes the same people back; a second simulator feeding the same server (the CLI next
	 * to the built-in live mode) needs its own prefix.
	 */
	agentIdPrefix?: string;
}

export interface SimulatorStats {
	/** events emitted so far, by type */
	events: Record<string, number>;
	contacts: number;
	/** per channel: contacts waiting now, agents logged in now */
	channels: {
		channel: string;
		waiting: number;
		agentsLoggedIn: number;
		agentsTarget: number;
		/** contacts in hand, and chat slots (or agents) of logged-in agents not on break */
		busySlots: number;
		slots: number;
	}[];
}

export interface Simulator {
	readonly plan: ScenarioPlan;
	/** prefix of every id this run emits (unique per seed and start time) */
	readonly runId: string;
	readonly model: VolumeModel;
	/** scenario-clock time at wall time `nowMs` */
	simTimeAt(nowMs: number): number;
	/** every event that happens in (previous now, nowMs], in time order, each with ts ≤ nowMs */
	advance(nowMs: number): SimEvent[];
	/**
	 * Ends the run at `nowMs`: the events up to then, then closing events at `nowMs` for this run's
	 * own contacts only (contacts in hand resolved; chats and calls still waiting abandoned; e-mails
	 * and tickets still queued answered and resolved with `attrs.closed_by = 'simulator_stop'` —
	 * never abandoned) and agents offline, so that nothing of this run stays open on the board after
	 * a restart. Later `advance` calls return nothing.
	 */
	shutdown(nowMs: number): SimEvent[];
	stats(): SimulatorStats;
}

/**
 * Creates a discrete-event simulation of the centre (see docs/simulator.md for the model and
 * where every parameter comes from). It is pure given its options and the `nowMs` values passed
 * to `advance`: no clock, no Math.random, and the output does not depend on how time is sliced.
 *
 * The work is done by three parts sharing one `World` (world.ts): the roster (agents, shifts,
 * breaks, spells: roster.ts), routing (which agent gets a waiting contact: routing.ts) and the
 * contact lifecycle (arrive → answer → transfer / resolve / abandon → rating, reopen, repeat:
 * contactLifecycle.ts). This function builds them, wires them and runs the clock.
 *
 * @throws when the speed is out of range, the time zone is unknown or a list is empty
 * @example
 * const sim = createSimulator({ seed: 1, channels, queues, timezone: 'Asia/Shanghai', scenario: 'normal', speed: 1, startMs: Date.now() });
 * const events = sim.advance(Date.now());
 */
export function createSimulator(opts: SimulatorOptions): Simulator {
	if (!Number.isInteger(opts.seed)) throw new Error(`createSimulator: seed must be an integer, got ${opts.seed}`);
	if (!Number.isFinite(opts.startMs)) throw new Error(`createSimulator: startMs must be epoch ms, got ${opts.startMs}`);
	const plan = planScenario(opts.scenario, {
		startMs: opts.startMs,
		speed: opts.speed,
		timezone: opts.timezone,
		channels: opts.channels,
		simStartMs: opts.simStartMs,
		outageChannel: opts.outageChannel
	});
	const model = new VolumeModel({
		channels: opts.channels,
		queues: opts.queues,
		timezone: opts.timezone,
		seed: opts.seed,
		volumeScale: opts.volumeScale
	});
	const agentPrefix = opts.agentIdPrefix ?? '';
	if (!/^[\x21-\x7e]{0,32}$/.test(agentPrefix)) {
		throw new Error(`createSimulator: agentIdPrefix must be up to 32 printable ASCII characters without spaces, got ${JSON.stringify(agentPrefix)}`);
	}
	const channels: ChannelState[] = opts.channels.map((c, idx) => ({
		idx,
		id: c.id,
		arch: model.archetypes[idx],
		p: model.params[idx],
		realtime: c.kind === 'realtime',
		pool: [],
		line: new WaitingLine<Contact>(),
		arrivalsSinceStep: 0,
		seenRate: 0,
		smoothedRate: 0,
		target: 0,
		spellUntilMs: 0
	}));
	const w: World = {
		opts,
		plan,
		model,
		rng: new Rng(opts.seed, Math.floor(opts.startMs / 1000) % 2147483647),
		queue: new EventQueue(),
		// The agent prefix leads the run id too, so a second simulator on the same server (the CLI next
		// to the built-in live mode, same default seed) never shares the `sim<seed>-` prefix by which the
		// server closes what its own earlier run left open (app/demo.ts).
		runId: `${agentPrefix}sim${opts.seed.toString(36)}-${opts.startMs.toString(36)}`,
		agentPrefix,
		queueIds: opts.queues.map((q) => q.id),
		queueArch: model.queueArchetypes,
		channels,
		outageCh: plan.outage ? channels.find((c) => c.id === plan.outage!.channel)! : null,
		breaks: plan.speed === 1,
		now: opts.startMs,
		stopped: false,
		simAt: (wallMs) => plan.simStartMs + (wallMs - plan.startMs) * plan.speed
	};
	const em = new Emitter(w);
	// The parts call each other (an agent freed → routing → a contact answered → an agent freed …):
	// routing reaches the lifecycle through a callback bound once all three exist.
	const bound: { contacts?: ContactLifecycle } = {};
	const routing = createRouting(w, (ch, c, a) => bound.contacts!.reserved(ch, c, a));
	const roster = createRoster(w, em, routing.dispatch);
	const contacts = (bound.contacts = createContactLifecycle(w, em, roster, routing));

	// Start: reset agent ids a previous run may have left logged in, staff up, open the doors.
	w.queue.push(opts.startMs, () => {
		roster.resetLeftovers();
		roster.tick(opts.startMs);
		roster.staggerShifts();
		contacts.arrivalTick(opts.startMs);
		roster.spellTick(opts.startMs);
	});
	if (plan.outage && w.outageCh) {
		const ch = w.outageCh;
		w.queue.push(plan.outage.toMs, () => routing.dispatch(ch));
	}

	function run(nowMs: number): void {
		while (w.queue.peekTime() <= nowMs) {
			const item = w.queue.pop()!;
			w.now = item.t;
			item.run();
		}
		w.now = Math.max(w.now, nowMs);
	}

	return {
		plan,
		runId: w.runId,
		model,
		simTimeAt: w.simAt,
		advance(nowMs: number): SimEvent[] {
			if (w.stopped || nowMs < w.now) return [];
			run(nowMs);
			return em.take();
		},
		shutdown(nowMs: number): SimEvent[] {
			if (w.stopped) return [];
			if (nowMs >= w.now) run(nowMs);
			w.stopped = true;
			contacts.closeAll();
			for (const ch of channels) for (const a of ch.pool) if (a.loggedIn) roster.logout(a);
			return em.take();
		},
		stats(): SimulatorStats {
			return {
				events: { ...em.counts },
				contacts: contacts.created,
				channels: channels.map((ch) => ({
					channel: ch.id,
					waiting: ch.line.count,
					agentsLoggedIn: ch.pool.filter((a) => a.loggedIn).length,
					agentsTarget: ch.target,
					busySlots: ch.pool.reduce((n, a) => n + a.load, 0),
					slots: ch.pool.reduce((n, a) => n + (a.loggedIn && !a.onBreak ? a.maxConc : 0), 0)
				}))
			};
		}
	};
}
