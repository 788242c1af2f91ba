import type { ChannelConfig, QueueConfig } from '$lib/types/domain';
import { EventQueue } from './eventQueue';
import {
	BREAK_SHARE,
	CHAT_CONCURRENCY_CHOICES,
	CSAT_DIST,
	NPS_BY_CSAT,
	NPS_SHARE,
	PLAN_SL_FRACTION,
	QUEUE_PARAMS,
	type Archetype,
	type ChannelParams,
	type QueueArchetype
} from './params';
import { Rng } from './random';
import { planScenario, type ScenarioName, type ScenarioPlan } from './scenario';
import { deferredAgentsTarget, MEAN_CHAT_CONCURRENCY, realtimeAgentsTarget } from './staffing';
import { shortStaffFactor, VolumeModel } from './volumeModel';

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
	 * Ends the run at `nowMs`: the events up to then, then closing events at `nowMs` (waiting
	 * contacts abandoned, contacts in hand resolved, agents offline) so that nothing of this run
	 * stays open on the board after a restart. Later `advance` calls return nothing.
	 */
	shutdown(nowMs: number): SimEvent[];
	stats(): SimulatorStats;
}

type AgentStatus = 'offline' | 'available' | 'on_contact' | 'acw' | 'break';

interface Agent {
	id: string;
	team: string;
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
	/** last time the agent got a contact or became idle: longest-idle agent is picked first */
	idleSinceMs: number;
}

type ContactStatus = 'waiting' | 'reserved' | 'active' | 'done';

interface Contact {
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

interface ChannelState {
	idx: number;
	id: string;
	arch: Archetype;
	p: ChannelParams;
	realtime: boolean;
	/** pool of every agent this run ever used, by index; ids are stable across runs */
	pool: Agent[];
	/** FIFO of waiting contacts (lazy deletion: entries no longer waiting are skipped) */
	waiting: Contact[];
	head: number;
	/** transferred contacts go ahead of new arrivals */
	urgent: Contact[];
	waitingCount: number;
	target: number;
}

const ROSTER_STEP_MS = 15_000;
const ARRIVAL_STEP_MS = 1_000;
const MIN_SHIFT_SIM_MS = 4 * 3_600_000;
const LOOKAHEAD_SIM_MS = 10 * 60_000;
const MIN = 60_000;

/**
 * Creates a discrete-event simulation of the centre (see docs/simulator.md for the model and
 * where every parameter comes from). It is pure given its options and the `nowMs` values passed
 * to `advance`: no clock, no Math.random, and the output does not depend on how time is sliced.
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
	const rng = new Rng(opts.seed, Math.floor(opts.startMs / 1000) % 2147483647);
	const runId = `sim${opts.seed.toString(36)}-${opts.startMs.toString(36)}`;
	const agentPrefix = opts.agentIdPrefix ?? '';
	if (!/^[\x21-\x7e]{0,32}$/.test(agentPrefix)) {
		throw new Error(`createSimulator: agentIdPrefix must be up to 32 printable ASCII characters without spaces, got ${JSON.stringify(agentPrefix)}`);
	}
	const queueIds = opts.queues.map((q) => q.id);
	const queueArch: QueueArchetype[] = model.queueArchetypes;

	const channels: ChannelState[] = opts.channels.map((c, idx) => ({
		idx,
		id: c.id,
		arch: model.archetypes[idx],
		p: model.params[idx],
		realtime: c.kind === 'realtime',
		pool: [],
		waiting: [],
		head: 0,
		urgent: [],
		waitingCount: 0,
		target: 0
	}));
	/**
	 * Breaks are in wall time (people need them after real hours of work), so only at speed 1: faster,
	 * a shift lasts minutes and a break plus the drain before it (~25 wall minutes) would empty the
	 * floor. Without breaks the plan has no break shrinkage either.
	 */
	const breaks = plan.speed === 1;
	const shrinkage = breaks ? BREAK_SHARE : 0;
	/** per channel: the smoothed arrival rate the roster plans with (−1 = not started) */
	const smoothedRate = channels.map(() => -1);
	const outageCh = plan.outage ? channels.find((c) => c.id === plan.outage!.channel)! : null;

	const queue = new EventQueue();
	let now = opts.startMs;
	let out: SimEvent[] = [];
	let eventSeq = 0;
	let contactSeq = 0;
	let stopped = false;
	const counts: Record<string, number> = {};
	/** contacts not yet done, for shutdown */
	const open = new Set<Contact>();

	const simAt = (wallMs: number) => plan.simStartMs + (wallMs - plan.startMs) * plan.speed;

	// ---- emission --------------------------------------------------------------------------

	function emit(e: SimEvent): void {
		out.push(e);
		const type = e.type as string;
		counts[type] = (counts[type] ?? 0) + 1;
	}

	function contactEvent(type: string, c: Contact, extra?: Record<string, unknown>): void {
		const e: SimEvent = {
			event_id: `${runId}-${(eventSeq++).toString(36)}`,
			ts: now,
			type,
			contact_id: c.id,
			channel: channels[c.ch].id,
			queue: queueIds[c.q],
			customer_id: c.customer
		};
		const prio = QUEUE_PARAMS[queueArch[c.q]].priority;
		if (prio > 0) e.priority = prio;
		if (extra) Object.assign(e, extra);
		emit(e);
	}

	function agentEvent(a: Agent, state: AgentStatus): void {
		a.status = state;
		emit({
			event_id: `${runId}-${(eventSeq++).toString(36)}`,
			ts: now,
			type: 'agent.state',
			agent_id: a.id,
			team_id: a.team,
			state,
			channels: [channels[a.ch].id],
			max_concurrency: a.maxConc
		});
	}

	function setStatus(a: Agent, state: AgentStatus): void {
		if (a.status !== state) agentEvent(a, state);
	}

	// ---- agents ----------------------------------------------------------------------------

	function poolAgent(ch: ChannelState, i: number): Agent {
		while (ch.pool.length <= i) {
			const n = ch.pool.length + 1;
			// Concurrency is a property of the agent (skill, seniority), fixed per pool slot and seed.
			const conc =
				ch.arch === 'chat' ? CHAT_CONCURRENCY_CHOICES[(opts.seed + n * 7919) % CHAT_CONCURRENCY_CHOICES.length] : 1;
			ch.pool.push({
				id: `${agentPrefix}${ch.id}-a${String(n).padStart(3, '0')}`,
				team: `${agentPrefix}${ch.id}-t${Math.ceil(n / 15)}`,
				ch: ch.idx,
				maxConc: conc,
				load: 0,
				status: 'offline',
				loggedIn: false,
				leaving: false,
				wantsBreak: false,
				onBreak: false,
				loginSimMs: 0,
				nextBreakMs: Infinity,
				idleSinceMs: now
			});
		}
		return ch.pool[i];
	}

	function login(a: Agent): void {
		a.loggedIn = true;
		a.leaving = false;
		a.wantsBreak = false;
		a.onBreak = false;
		a.loginSimMs = simAt(now);
		a.nextBreakMs = breaks ? now + rng.uniform(60, 150) * MIN : Infinity;
		a.idleSinceMs = now;
		agentEvent(a, 'available');
	}

	function logout(a: Agent): void {
		a.loggedIn = false;
		a.leaving = false;
		a.wantsBreak = false;
		a.onBreak = false;
		setStatus(a, 'offline');
	}

	function startBreak(a: Agent): void {
		a.wantsBreak = false;
		a.onBreak = true;
		setStatus(a, 'break');
		queue.push(now + Math.round(rng.uniform(10, 20) * MIN), () => {
			a.onBreak = false;
			a.nextBreakMs = breaks ? now + rng.uniform(90, 150) * MIN : Infinity;
			if (a.leaving || !a.loggedIn) logout(a);
			else {
				a.idleSinceMs = now;
				setStatus(a, 'available');
				dispatch(channels[a.ch]);
			}
		});
	}

	/** The agent finished (or handed over) one contact. */
	function release(a: Agent): void {
		a.load--;
		if (a.load === 0) {
			a.idleSinceMs = now;
			if (a.leaving) return logout(a);
			if (a.wantsBreak) return startBreak(a);
			setStatus(a, 'available');
		} else if (!a.leaving && !a.wantsBreak && a.load < a.maxConc) {
			setStatus(a, 'available');
		}
	}

	function canTake(a: Agent): boolean {
		return a.loggedIn && !a.leaving && !a.wantsBreak && !a.onBreak && a.load < a.maxConc;
	}

	function pickAgent(ch: ChannelState): Agent | null {
		let best: Agent | null = null;
		let bestRatio = Infinity;
		for (const a of ch.pool) {
			if (!canTake(a)) continue;
			const ratio = a.load / a.maxConc;
			if (ratio < bestRatio || (ratio === bestRatio && a.idleSinceMs < best!.idleSinceMs)) {
				best = a;
				bestRatio = ratio;
			}
		}
		return best;
	}

	/**
	 * Staffing multiplier at wall time `wallMs`. At speed 1 it is the model's (short blocks of two
	 * hours of the day, the same the backfill used). Faster, a two-hour block would last seconds —
	 * far shorter than a handle time, so it would never show — so short blocks are drawn in wall
	 * time instead, each lasting max(2 h / speed, 12 min).
	 */
	function staffFactorAt(ch: ChannelState, wallMs: number): number {
		const sim = simAt(wallMs);
		if (plan.speed === 1) return model.staffFactor(ch.idx, sim);
		const blockMs = Math.max((2 * 3_600_000) / plan.speed, 12 * MIN);
		const block = Math.floor((wallMs - plan.startMs) / blockMs);
		return model.calendarStaffFactor(sim) * shortStaffFactor(opts.seed, Math.floor(plan.startMs / 1000), ch.idx, block);
	}

	/**
	 * The arrival rate the roster plans with: the model's rate (10 scenario minutes ahead, as a
	 * planner staffs for the coming interval) smoothed over one mean handle time of wall time.
	 * λ̄·AHT is then the expected number of contacts in hand (the M/M/∞ mean), which is what agents
	 * are needed for. At speed 1 it is close to the rate of the moment; at 60× a scenario hour lasts
	 * one wall minute, far less than a handle time, and planning on the rate of the moment would
	 * staff for load that has not arrived yet (or release agents still holding the last hour's chats).
	 */
	function plannedRate(ch: ChannelState, wallMs: number, stepMs: number): number {
		const sim = simAt(wallMs);
		const handleMs = ch.p.meanHandleSec * 1000 * model.ahtFactor(sim);
		const input = model.channelRatePerSec(ch.idx, sim + LOOKAHEAD_SIM_MS);
		const prev = smoothedRate[ch.idx];
		return prev < 0 ? input : prev + (input - prev) * (1 - Math.exp(-stepMs / handleMs));
	}

	function rosterTarget(ch: ChannelState, wallMs: number, rate: number): number {
		const sim = simAt(wallMs);
		const handleSec = ch.p.meanHandleSec * model.ahtFactor(sim);
		const staff = staffFactorAt(ch, wallMs);
		if (ch.realtime) {
			const cfg = opts.channels[ch.idx];
			const conc = ch.arch === 'chat' ? MEAN_CHAT_CONCURRENCY : 1;
			// the pickup delay counts against the target: plan as if T were that much shorter
			const targetSec = Math.max(1, cfg.immediateResponseSec - (ch.p.pickupMinSec + ch.p.pickupMaxSec) / 2);
			return realtimeAgentsTarget(rate, handleSec, conc, targetSec, PLAN_SL_FRACTION, staff, shrinkage);
		}
		const day = model.dayAt(sim);
		const hour = Math.floor((sim - day.startMs) / 3_600_000);
		return deferredAgentsTarget(day.channelTotal[ch.idx], handleSec, ch.p, hour, staff, shrinkage);
	}

	function roster(ch: ChannelState): void {
		smoothedRate[ch.idx] = plannedRate(ch, now, ROSTER_STEP_MS);
		const target = rosterTarget(ch, now, smoothedRate[ch.idx]);
		ch.target = target;
		let active = 0;
		for (const a of ch.pool) if (a.loggedIn && !a.leaving) active++;
		if (active < target) {
			let need = target - active;
			for (const a of ch.pool) {
				if (need === 0) break;
				if (a.loggedIn && a.leaving) {
					a.leaving = false; // asked to stay on
					if (!a.onBreak && a.load < a.maxConc) setStatus(a, 'available');
					need--;
				}
			}
			for (let i = 0; need > 0; i++) {
				const a = poolAgent(ch, i);
				if (a.loggedIn) continue;
				login(a);
				need--;
			}
		} else if (active > target + Math.max(1, Math.ceil(0.05 * target))) {
			// End the shifts of those who have been on longest (after a minimum shift).
			const sim = simAt(now);
			const candidates = ch.pool
				.filter((a) => a.loggedIn && !a.leaving && sim - a.loginSimMs >= MIN_SHIFT_SIM_MS)
				.sort((x, y) => x.loginSimMs - y.loginSimMs);
			let extra = active - target;
			for (const a of candidates) {
				if (extra === 0) break;
				a.leaving = true;
				extra--;
				if (a.load === 0 && !a.onBreak) logout(a);
			}
		}
		for (const a of ch.pool) {
			if (a.loggedIn && !a.leaving && !a.wantsBreak && !a.onBreak && now >= a.nextBreakMs) {
				a.wantsBreak = true;
				if (a.load === 0) startBreak(a);
			}
		}
		dispatch(ch);
	}

	// ---- contacts --------------------------------------------------------------------------

	function outageActive(ch: ChannelState): boolean {
		return outageCh === ch && now >= plan.outage!.fromMs && now < plan.outage!.toMs;
	}

	function nextWaiting(ch: ChannelState): Contact | null {
		while (ch.urgent.length > 0 && ch.urgent[0].status !== 'waiting') ch.urgent.shift();
		if (ch.urgent.length > 0) return ch.urgent.shift()!;
		if (ch.head > 4096 && ch.head * 2 > ch.waiting.length) {
			ch.waiting = ch.waiting.slice(ch.head);
			ch.head = 0;
		}
		while (ch.head < ch.waiting.length) {
			const c = ch.waiting[ch.head++];
			if (c.status === 'waiting') return c;
		}
		return null;
	}

	function peekHasWaiting(ch: ChannelState): boolean {
		return ch.waitingCount > 0;
	}

	function enqueue(ch: ChannelState, c: Contact, urgent: boolean): void {
		c.status = 'waiting';
		c.agent = null;
		ch.waitingCount++;
		if (urgent) ch.urgent.push(c);
		else ch.waiting.push(c);
	}

	function dispatch(ch: ChannelState): void {
		if (stopped || outageActive(ch)) return;
		while (peekHasWaiting(ch)) {
			const a = pickAgent(ch);
			if (!a) return;
			const c = nextWaiting(ch);
			if (!c) return;
			assign(ch, c, a);
		}
	}

	function assign(ch: ChannelState, c: Contact, a: Agent): void {
		ch.waitingCount--;
		c.status = 'reserved';
		c.epoch++;
		c.agent = a;
		a.load++;
		a.idleSinceMs = now;
		const pickupMs = Math.round(rng.uniform(ch.p.pickupMinSec, ch.p.pickupMaxSec) * 1000);
		queue.push(now + pickupMs, () => answer(ch, c, a));
	}

	function answer(ch: ChannelState, c: Contact, a: Agent): void {
		if (c.status !== 'reserved') return; // closed by shutdown meanwhile
		c.status = 'active';
		if (c.firstWaitMs === null) c.firstWaitMs = now - c.arrivedMs;
		contactEvent('contact.answered', c, { agent_id: a.id, team_id: a.team });
		if (a.maxConc === 1 || a.load >= a.maxConc) setStatus(a, 'on_contact');
		const h = c.remainingMs;
		if (c.transferPending) {
			const atMs = Math.round(h * rng.uniform(0.25, 0.5));
			queue.push(now + atMs, () => {
				if (c.status !== 'active') return;
				c.transferPending = false;
				c.remainingMs = Math.max(30_000, h - atMs);
				const to = QUEUE_PARAMS[queueArch[c.q]].transferTo;
				let toIdx = queueArch.indexOf(to);
				if (toIdx < 0 || toIdx === c.q) toIdx = (c.q + 1) % queueIds.length;
				// the event carries the queue it leaves; later events the new one
				contactEvent('contact.transferred', c, { agent_id: a.id, to_queue: queueIds[toIdx] });
				c.q = toIdx;
				release(a);
				enqueue(ch, c, true);
				dispatch(ch);
			});
			return;
		}
		if (ch.p.talkShare < 1) {
			queue.push(now + Math.round(h * ch.p.talkShare), () => {
				if (c.status === 'active' && a.maxConc === 1) setStatus(a, 'acw');
			});
		}
		if (ch.arch === 'chat' && h > 90_000) {
			// the conversation goes back and forth; the customer's message starts their waiting clock
			const askAt = Math.round(h * rng.uniform(0.2, 0.6));
			const replyAfter = Math.round(rng.uniform(5, 40) * 1000);
			if (askAt + replyAfter < h - 5_000) {
				queue.push(now + askAt, () => {
					if (c.status === 'active') contactEvent('contact.customer_replied', c);
				});
				queue.push(now + askAt + replyAfter, () => {
					if (c.status === 'active') contactEvent('contact.agent_replied', c, { agent_id: a.id });
				});
			}
		}
		queue.push(now + h, () => resolve(ch, c, a));
	}

	function resolve(ch: ChannelState, c: Contact, a: Agent): void {
		if (c.status !== 'active') return;
		c.status = 'done';
		open.delete(c);
		contactEvent('contact.resolved', c, { agent_id: a.id });
		release(a);
		const qp = QUEUE_PARAMS[queueArch[c.q]];
		if (c.round === 1) {
			if (rng.chance(ch.p.ratingShare)) {
				const delay = ch.realtime ? rng.lognormalMedian(45_000, 0.8) : rng.lognormalMedian(20 * MIN, 1);
				const dist =
					c.outcome !== 'fcr'
						? CSAT_DIST.unresolved
						: (c.firstWaitMs ?? 0) > slowWaitMs(ch)
							? CSAT_DIST.slow
							: CSAT_DIST.good;
				let csat = rng.weighted(dist) + 1;
				if (qp.csatShift < 0 && rng.chance(0.3)) csat = Math.max(1, csat - 1);
				const rating: Record<string, unknown> = { csat };
				if (rng.chance(NPS_SHARE)) rating.nps = rng.weighted(NPS_BY_CSAT[csat]);
				queue.push(now + Math.round(delay), () => {
					if (!stopped) contactEvent('contact.rated', c, rating);
				});
			}
			if (c.outcome === 'reopen') {
				const delay = ch.realtime ? rng.lognormalMedian(60 * MIN, 0.7) : rng.lognormalMedian(240 * MIN, 0.7);
				queue.push(now + Math.round(delay), () => {
					if (stopped) return;
					contactEvent('contact.reopened', c);
					c.round = 2;
					c.remainingMs = drawHandleMs(ch, 0.7);
					open.add(c);
					enqueue(ch, c, false);
					dispatch(ch);
				});
			} else if (c.outcome === 'repeat') {
				const delay = ch.realtime ? rng.lognormalMedian(40 * MIN, 0.8) : rng.lognormalMedian(360 * MIN, 0.7);
				const customer = c.customer;
				const q = c.q;
				queue.push(now + Math.round(delay), () => arrive(ch, q, customer, c.id));
			}
		}
		dispatch(ch);
	}

	/** A wait after which a rating comes from the "slow" distribution: 60 s live, the SL target deferred. */
	function slowWaitMs(ch: ChannelState): number {
		const cfg = opts.channels[ch.idx];
		return ch.realtime ? cfg.immediateResponseSec * 1000 : cfg.slTargetSec * 1000;
	}

	function drawHandleMs(ch: ChannelState, factor = 1): number {
		const mean = ch.p.meanHandleSec * model.ahtFactor(simAt(now)) * factor;
		return Math.max(20_000, Math.round(rng.lognormalMean(mean, ch.p.handleSigma) * 1000));
	}

	function arrive(ch: ChannelState, q: number, customer: string | null, repeatOf: string | null): void {
		if (stopped) return;
		const qp = QUEUE_PARAMS[queueArch[q]];
		const u = rng.next();
		const failProb = 1 - qp.fcr;
		const outcome: Contact['outcome'] = u < qp.reopenProb ? 'reopen' : u < failProb ? 'repeat' : 'fcr';
		const c: Contact = {
			id: `${runId}-c${(contactSeq++).toString(36)}`,
			ch: ch.idx,
			q,
			customer: customer ?? `tb_${100000 + rng.int(9_900_000)}`,
			arrivedMs: now,
			status: 'waiting',
			epoch: 0,
			agent: null,
			round: 1,
			outcome,
			transferPending: queueIds.length > 1 && ch.p.transferShare > 0 && rng.chance(ch.p.transferShare),
			remainingMs: drawHandleMs(ch),
			firstWaitMs: null,
			repeatOf
		};
		open.add(c);
		contactEvent('contact.arrived', c, repeatOf ? { attrs: { repeat_of: repeatOf } } : undefined);
		enqueue(ch, c, false);
		if (ch.p.patienceMedianSec !== null) {
			const patienceMs = Math.round(rng.lognormalMedian(ch.p.patienceMedianSec, ch.p.patienceSigma) * 1000);
			const epoch = c.epoch;
			queue.push(now + patienceMs, () => {
				if (c.status !== 'waiting' || c.epoch !== epoch || c.round !== 1) return;
				c.status = 'done';
				c.epoch++;
				ch.waitingCount--;
				open.delete(c);
				contactEvent('contact.abandoned', c);
			});
		}
		dispatch(ch);
	}

	// ---- clocks ----------------------------------------------------------------------------

	/** Fresh arrivals are thinned by the repeat-contact share so that offered volume matches the model. */
	const freshFactor = queueArch.map((qa) => {
		const qp = QUEUE_PARAMS[qa];
		return 1 - (1 - qp.fcr - qp.reopenProb);
	});

	function arrivalTick(t: number): void {
		const sim = simAt(t + ARRIVAL_STEP_MS / 2);
		for (const ch of channels) {
			for (let q = 0; q < queueIds.length; q++) {
				const lambda = model.ratePerSec(ch.idx, q, sim) * freshFactor[q] * (ARRIVAL_STEP_MS / 1000);
				const n = rng.poisson(lambda);
				for (let i = 0; i < n; i++) {
					const at = t + Math.floor(rng.next() * ARRIVAL_STEP_MS);
					queue.push(at, () => arrive(ch, q, null, null));
				}
			}
		}
		queue.push(t + ARRIVAL_STEP_MS, () => arrivalTick(t + ARRIVAL_STEP_MS));
	}

	function rosterTick(t: number): void {
		for (const ch of channels) roster(ch);
		queue.push(t + ROSTER_STEP_MS, () => rosterTick(t + ROSTER_STEP_MS));
	}

	// Start: reset agent ids a previous run may have left logged in, staff up, open the doors.
	queue.push(opts.startMs, () => {
		for (const ch of channels) {
			let peak = 0;
			for (let h = 0; h <= 24; h++) {
				const t = now + (h * 3_600_000) / plan.speed;
				peak = Math.max(peak, rosterTarget(ch, t, model.channelRatePerSec(ch.idx, simAt(t))));
			}
			const reset = Math.ceil(peak * 1.2) + 2;
			const target = rosterTarget(ch, now, plannedRate(ch, now, 0));
			for (let i = target; i < reset; i++) agentEvent(poolAgent(ch, i), 'offline');
		}
		rosterTick(opts.startMs);
		arrivalTick(opts.startMs);
	});
	if (plan.outage && outageCh) {
		const ch = outageCh;
		queue.push(plan.outage.toMs, () => dispatch(ch));
	}

	function run(nowMs: number): void {
		while (queue.peekTime() <= nowMs) {
			const item = queue.pop()!;
			now = item.t;
			item.run();
		}
		now = Math.max(now, nowMs);
	}

	return {
		plan,
		runId,
		model,
		simTimeAt: simAt,
		advance(nowMs: number): SimEvent[] {
			if (stopped || nowMs < now) return [];
			run(nowMs);
			const batch = out;
			out = [];
			return batch;
		},
		shutdown(nowMs: number): SimEvent[] {
			if (stopped) return [];
			if (nowMs >= now) run(nowMs);
			stopped = true;
			for (const c of [...open].sort((x, y) => x.arrivedMs - y.arrivedMs)) {
				if (c.status === 'waiting' || c.status === 'reserved') contactEvent('contact.abandoned', c);
				else if (c.status === 'active' && c.agent) contactEvent('contact.resolved', c, { agent_id: c.agent.id });
				c.status = 'done';
			}
			open.clear();
			for (const ch of channels) for (const a of ch.pool) if (a.loggedIn) logout(a);
			const batch = out;
			out = [];
			return batch;
		},
		stats(): SimulatorStats {
			return {
				events: { ...counts },
				contacts: contactSeq,
				channels: channels.map((ch) => ({
					channel: ch.id,
					waiting: ch.waitingCount,
					agentsLoggedIn: ch.pool.filter((a) => a.loggedIn).length,
					agentsTarget: ch.target,
					busySlots: ch.pool.reduce((n, a) => n + a.load, 0),
					slots: ch.pool.reduce((n, a) => n + (a.loggedIn && !a.onBreak ? a.maxConc : 0), 0)
				}))
			};
		}
	};
}
