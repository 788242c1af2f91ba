/**
 * The state one simulator run shares between its parts (roster, routing, contact lifecycle), and
 * the one place events are emitted. Nothing here decides anything: the parts do (docs/simulator.md,
 * "Code layout").
 */
import type { EventQueue } from './eventQueue';
import type { Archetype, ChannelParams, QueueArchetype } from './params';
import { QUEUE_PARAMS } from './params';
import type { Rng } from './random';
import type { ScenarioPlan } from './scenario';
import type { SimEvent, SimulatorOptions } from './simulator';
import type { VolumeModel } from './volumeModel';

export type AgentStatus = 'offline' | 'available' | 'on_contact' | 'acw' | 'break';

export interface Agent {
	id: string;
	/** display name sent with agent.state (the board shows names, not ids) */
	name: string;
	team: string;
	teamName: string;
	ch: number;
	maxConc: number;
	load: number;
	status: AgentStatus;
	loggedIn: boolean;
	leaving: boolean;
	wantsBreak: boolean;
	onBreak: boolean;
	loginSimMs: number;
	nextBreakMs: number;
	/** > 0 while the agent is pulled off the floor by a short-staffed spell ending then */
	spellEndMs: number;
	/** last time the agent got a contact or became idle: longest-idle agent is picked first */
	idleSinceMs: number;
}

/** A new agent of a pool: offline, holding nothing, no break due. */
export function offlineAgent(who: Pick<Agent, 'id' | 'name' | 'team' | 'teamName' | 'ch' | 'maxConc' | 'idleSinceMs'>): Agent {
	return {
		...who,
		load: 0,
		status: 'offline',
		loggedIn: false,
		leaving: false,
		wantsBreak: false,
		onBreak: false,
		loginSimMs: 0,
		nextBreakMs: Infinity,
		spellEndMs: 0
	};
}

export type ContactStatus = 'waiting' | 'reserved' | 'active' | 'done';

export interface Contact {
	id: string;
	ch: number;
	q: number;
	customer: string;
	arrivedMs: number;
	status: ContactStatus;
	/** bumped whenever the contact stops waiting: a stale abandon timer sees a different epoch */
	epoch: number;
	agent: Agent | null;
	round: 1 | 2;
	outcome: 'fcr' | 'reopen' | 'repeat';
	transferPending: boolean;
	/** handle time still to do in this round, ms */
	remainingMs: number;
	firstWaitMs: number | null;
	repeatOf: string | null;
}

/**
 * Waiting contacts of one channel in answer order: transferred contacts (urgent) ahead of the FIFO
 * of new arrivals and reopens. Lazy deletion: a contact that stopped waiting (abandoned, closed)
 * stays in the arrays and is skipped when reached; `count` is the number still waiting.
 */
export class WaitingLine<C extends { status: string }> {
	private fifo: C[] = [];
	private head = 0;
	private urgent: C[] = [];
	/** contacts waiting now */
	count = 0;

	add(c: C, urgent: boolean): void {
		this.count++;
		if (urgent) this.urgent.push(c);
		else this.fifo.push(c);
	}

	/** One contact stopped waiting without being taken (abandoned). */
	left(): void {
		this.count--;
	}

	/** The next contact still waiting (urgent first), taken out of the line; null when none is. */
	take(): C | null {
		while (this.urgent.length > 0 && this.urgent[0].status !== 'waiting') this.urgent.shift();
		if (this.urgent.length > 0) return this.took(this.urgent.shift()!);
		// compact the FIFO once most of it has been consumed
		if (this.head > 4096 && this.head * 2 > this.fifo.length) {
			this.fifo = this.fifo.slice(this.head);
			this.head = 0;
		}
		while (this.head < this.fifo.length) {
			const c = this.fifo[this.head++];
			if (c.status === 'waiting') return this.took(c);
		}
		return null;
	}

	private took(c: C): C {
		this.count--;
		return c;
	}
}

export interface ChannelState {
	idx: number;
	id: string;
	arch: Archetype;
	p: ChannelParams;
	realtime: boolean;
	/** pool of every agent this run ever used, by index; ids are stable across runs */
	pool: Agent[];
	line: WaitingLine<Contact>;
	/** contacts that arrived or came back (reopen) since the last roster step */
	arrivalsSinceStep: number;
	/** deferred desks: the arrival rate they have seen, per second, smoothed over DESK_RATE_TAU_MS */
	seenRate: number;
	/** the roster's smoothed planning rate (λ̄, per second); see roster.ts plannedRate */
	smoothedRate: number;
	target: number;
	/** wall time a short-staffed spell ends (0 = none): until then the roster logs nobody in */
	spellUntilMs: number;
}

/** What every part of a run reads: its options, clocks, random stream and channels. */
export interface World {
	readonly opts: SimulatorOptions;
	readonly plan: ScenarioPlan;
	readonly model: VolumeModel;
	readonly rng: Rng;
	/** timed actions of the run (discrete-event simulation) */
	readonly queue: EventQueue;
	readonly runId: string;
	readonly agentPrefix: string;
	readonly queueIds: readonly string[];
	readonly queueArch: readonly QueueArchetype[];
	readonly channels: readonly ChannelState[];
	/** the outage scenario's failing channel, else null */
	readonly outageCh: ChannelState | null;
	/**
	 * Breaks are in wall time (people need them after real hours of work), so only at speed 1: faster,
	 * a shift lasts minutes and a break plus the drain before it (~25 wall minutes) would empty the
	 * floor. Without breaks the plan has no break shrinkage either.
	 */
	readonly breaks: boolean;
	/** wall time of the action being run */
	now: number;
	/** set by shutdown: nothing new happens after it */
	stopped: boolean;
	/** scenario-clock time at wall time `wallMs` */
	simAt(wallMs: number): number;
}

/** Emits the run's events (v1 wire shape) and counts them by type. */
export class Emitter {
	private out: SimEvent[] = [];
	private seq = 0;
	readonly counts: Record<string, number> = {};

	constructor(private readonly w: World) {}

	/** the events emitted since the last call */
	take(): SimEvent[] {
		const batch = this.out;
		this.out = [];
		return batch;
	}

	contact(type: string, c: Contact, extra?: Record<string, unknown>): void {
		const w = this.w;
		const e: SimEvent = {
			event_id: this.nextId(),
			ts: w.now,
			type,
			contact_id: c.id,
			channel: w.channels[c.ch].id,
			queue: w.queueIds[c.q],
			customer_id: c.customer
		};
		const prio = QUEUE_PARAMS[w.queueArch[c.q]].priority;
		if (prio > 0) e.priority = prio;
		if (extra) Object.assign(e, extra);
		this.emit(e);
	}

	/** Sets the agent's state and emits it (even when unchanged: a reset at the start). */
	agent(a: Agent, state: AgentStatus): void {
		a.status = state;
		this.emit({
			event_id: this.nextId(),
			ts: this.w.now,
			type: 'agent.state',
			agent_id: a.id,
			team_id: a.team,
			state,
			channels: [this.w.channels[a.ch].id],
			max_concurrency: a.maxConc,
			// names ride along as extra fields (kept in attrs: docs/events.md), as an ACD/WFM system sends them
			name: a.name,
			team_name: a.teamName
		});
	}

	/** Emits the agent's state only when it changes. */
	setStatus(a: Agent, state: AgentStatus): void {
		if (a.status !== state) this.agent(a, state);
	}

	private nextId(): string {
		return `${this.w.runId}-${(this.seq++).toString(36)}`;
	}

	private emit(e: SimEvent): void {
		this.out.push(e);
		const type = e.type as string;
		this.counts[type] = (this.counts[type] ?? 0) + 1;
	}
}
