import type { ChannelConfig, QueueConfig } from '$lib/types/domain';
import { EventQueue } from './eventQueue';
import {
	BREAK_SHARE,
	CHAT_CONCURRENCY_CHOICES,
	CHAT_BREAK_DRAIN_SHARE,
	CSAT_DIST,
	NPS_BY_CSAT,
	NPS_SHARE,
	DEFERRED_PLAN_OCCUPANCY,
	LOGIN_RAMP,
	PLAN_SL_TARGET,
	QUEUE_PARAMS,
	SPELL_EVERY_MS,
	SPELL_MAX_MINUTES,
	SPELL_MIN_MINUTES,
	SPELL_KEEP_MAX,
	SPELL_KEEP_MIN,
	type Archetype,
	type ChannelParams,
	type QueueArchetype
} from './params';
import { Rng } from './random';
import { planScenario, type ScenarioName, type ScenarioPlan } from './scenario';
import { deferredPlanAgents, MEAN_CHAT_CONCURRENCY, meanPatienceSec, realtimePlanAgents } from './staffing';
import { VolumeModel } from './volumeModel';

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

type AgentStatus = 'offline' | 'available' | 'on_contact' | 'acw' | 'break';

// Demo agents' names: a surname and a given name picked by pool slot (deterministic, so an agent keeps
// its name across restarts); teams are named by desk, as centres name them (在线一组 …).
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧'];
const GIVEN = ['静', '伟', '芳', '娜', '敏', '磊', '洋', '艳', '勇', '杰', '娟', '涛', '明', '超', '丽', '强', '军', '平', '刚', '婷', '雪', '琳', '晨', '悦', '佳', '欣', '浩', '宇', '倩', '颖', '思远', '子涵', '雨桐', '梓萱', '一鸣', '嘉怡', '俊杰', '诗琪', '文博', '雅婷', '晓东'];
function agentName(channelIdx: number, n: number): string {
	const k = n + channelIdx * 157;
	return SURNAMES[(k * 7) % SURNAMES.length] + GIVEN[(k * 13 + Math.floor(k / GIVEN.length)) % GIVEN.length];
}
const TEAM_LABEL: Record<Archetype, string> = { chat: '在线', phone: '热线', email: '邮件', ticket: '工单' };

interface Agent {
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
	/** contacts that arrived or came back (reopen) since the last roster step */
	arrivalsSinceStep: number;
	/** deferred desks: the arrival rate they have seen, per second, smoothed over DESK_RATE_TAU_MS */
	seenRate: number;
	target: number;
	/** wall time a short-staffed spell ends (0 = none): until then the roster logs nobody in */
	spellUntilMs: number;
}

const ROSTER_STEP_MS = 15_000;
const ARRIVAL_STEP_MS = 1_000;
const MIN_SHIFT_SIM_MS = 4 * 3_600_000;
/**
 * E-mail and ticket agents leave the desk's roster after an hour when the backlog is worked off:
 * they move to other back-office work (the desk sizes to its load, issue 18: "40 ticket agents for
 * 25 tickets").
 */
const MIN_DESK_SIM_MS = 3_600_000;
/** the window (time constant) over which a deferred desk averages what it has seen arrive */
const DESK_RATE_TAU_MS = 30 * 60_000;
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
	const agentPrefix = opts.agentIdPrefix ?? '';
	if (!/^[\x21-\x7e]{0,32}$/.test(agentPrefix)) {
		throw new Error(`createSimulator: agentIdPrefix must be up to 32 printable ASCII characters without spaces, got ${JSON.stringify(agentPrefix)}`);
	}
	// The agent prefix leads the run id too, so a second simulator on the same server (the CLI next
	// to the built-in live mode, same default seed) never shares the `sim<seed>-` prefix by which the
	// server closes what its own earlier run left open (app/demo.ts).
	const runId = `${agentPrefix}sim${opts.seed.toString(36)}-${opts.startMs.toString(36)}`;
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
		arrivalsSinceStep: 0,
		seenRate: 0,
		target: 0,
		spellUntilMs: 0
	}));
	/**
	 * Breaks are in wall time (people need them after real hours of work), so only at speed 1: faster,
	 * a shift lasts minutes and a break plus the drain before it (~25 wall minutes) would empty the
	 * floor. Without breaks the plan has no break shrinkage either.
	 */
	const breaks = plan.speed === 1;
	const shrinkage = breaks ? BREAK_SHARE : 0;
	/**
	 * per channel: the smoothed arrival rate the roster plans with. It starts at 0: the centre opens
	 * with nothing in hand, and λ̄·AHT smoothed from 0 over one handle time is exactly the expected
	 * number of contacts in hand of an M/M/∞ system filling from empty (λ·AHT·(1 − e^{−t/AHT})), so
	 * the floor fills as the work does instead of sitting idle at full strength for the first
	 * half hour (issue 18: "100 % SL and 0 abandons after 46 minutes").
	 */
	const smoothedRate = channels.map(() => 0);
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
			max_concurrency: a.maxConc,
			// names ride along as extra fields (kept in attrs: docs/events.md), as an ACD/WFM system sends them
			name: a.name,
			team_name: a.teamName
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
			const teamNo = Math.ceil(n / 15);
			ch.pool.push({
				id: `${agentPrefix}${ch.id}-a${String(n).padStart(3, '0')}`,
				name: agentName(ch.idx, n),
				team: `${agentPrefix}${ch.id}-t${teamNo}`,
				teamName: `${TEAM_LABEL[ch.arch]}${teamNo}组`,
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
				spellEndMs: 0,
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
		a.spellEndMs = 0;
		// The first break comes at any point of the 90–150 min cycle: a floor found mid-shift (the
		// demo's start) has its breaks spread out, not all due two hours later.
		a.nextBreakMs = breaks ? now + rng.uniform(5, 150) * MIN : Infinity;
		a.idleSinceMs = now;
		agentEvent(a, 'available');
	}

	function logout(a: Agent): void {
		a.loggedIn = false;
		a.leaving = false;
		a.wantsBreak = false;
		a.onBreak = false;
		a.spellEndMs = 0;
		setStatus(a, 'offline');
	}

	function startBreak(a: Agent): void {
		a.wantsBreak = false;
		a.onBreak = true;
		setStatus(a, 'break');
		const spell = a.spellEndMs > now;
		queue.push(spell ? a.spellEndMs : now + Math.round(rng.uniform(10, 20) * MIN), () => {
			if (!a.onBreak) return; // logged out meanwhile (shutdown)
			a.onBreak = false;
			// a spell is not a rest: the break cycle goes on as it was
			if (spell) a.spellEndMs = 0;
			else a.nextBreakMs = breaks ? now + rng.uniform(90, 150) * MIN : Infinity;
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

	/** The agent of a deferred desk that closes what is left at shutdown: one logged in, else the first of the pool. */
	function deskAgent(ch: ChannelState): Agent {
		return ch.pool.find((a) => a.loggedIn && !a.onBreak) ?? ch.pool.find((a) => a.loggedIn) ?? poolAgent(ch, 0);
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
	 * Staffing multiplier at wall time `wallMs`: the calendar's (a promotion's staffing gap, holidays).
	 * The model's short-staffed two-hour blocks (which the backfill uses) are replaced in live mode by
	 * the short-staffed spells below, drawn in wall time at every speed: a two-hour block at 60× would
	 * last two wall minutes, shorter than a handle time.
	 */
	function staffFactorAt(wallMs: number): number {
		return model.calendarStaffFactor(simAt(wallMs));
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
		return prev + (input - prev) * (1 - Math.exp(-stepMs / handleMs));
	}

	/**
	 * Head-count for channel `ch` at `wallMs`: `rate` is the smoothed rate (λ̄: λ̄·AHT contacts in
	 * hand), `aheadRate` the model's rate for the coming interval (λ: what the queue's margin is
	 * sized for; default `rate`).
	 */
	function rosterTarget(ch: ChannelState, wallMs: number, rate: number, aheadRate = rate): number {
		const sim = simAt(wallMs);
		const handleSec = ch.p.meanHandleSec * model.ahtFactor(sim);
		const staff = staffFactorAt(wallMs);
		const cfg = opts.channels[ch.idx];
		if (ch.realtime) {
			return realtimePlanAgents({
				arrivalsPerSec: aheadRate,
				inHandErlangs: rate * handleSec,
				handleSec,
				patienceSec: ch.p.patienceMedianSec === null ? Infinity : meanPatienceSec(ch.p.patienceMedianSec, ch.p.patienceSigma),
				// the pickup delay counts against the target: plan as if T were that much shorter
				thresholdSec: cfg.slTargetSec - (ch.p.pickupMinSec + ch.p.pickupMaxSec) / 2,
				serviceLevelTarget: PLAN_SL_TARGET,
				concurrency: ch.arch === 'chat' ? MEAN_CHAT_CONCURRENCY : 1,
				// a chat agent stops taking chats before a break and finishes those in hand first
				shrinkage: breaks && ch.arch === 'chat' ? shrinkage + CHAT_BREAK_DRAIN_SHARE : shrinkage,
				staffFactor: staff
			});
		}
		const day = model.dayAt(sim);
		const hour = Math.floor((sim - day.startMs) / 3_600_000);
		return deferredPlanAgents({
			// a desk lead sizes by what comes in and what waits, not by a forecast: the repeat contacts
			// of the night come back hours later, so the model's rate overstates a morning's mail
			arrivalsPerSec: ch.seenRate,
			backlog: ch.waitingCount,
			handleSec,
			slaWindowSec: cfg.slTargetSec,
			productiveFraction: (1 - shrinkage) * DEFERRED_PLAN_OCCUPANCY,
			working: hour >= ch.p.workHours[0] && hour < ch.p.workHours[1],
			nightShare: ch.p.nightCrewShare,
			staffFactor: staff
		});
	}

	function roster(ch: ChannelState): void {
		smoothedRate[ch.idx] = plannedRate(ch, now, ROSTER_STEP_MS);
		ch.seenRate += ((ch.arrivalsSinceStep * 1000) / ROSTER_STEP_MS - ch.seenRate) * (1 - Math.exp(-ROSTER_STEP_MS / DESK_RATE_TAU_MS));
		ch.arrivalsSinceStep = 0;
		const target = rosterTarget(ch, now, smoothedRate[ch.idx], model.channelRatePerSec(ch.idx, simAt(now) + LOOKAHEAD_SIM_MS));
		ch.target = target;
		let active = 0;
		for (const a of ch.pool) if (a.loggedIn && !a.leaving) active++;
		// during a short-staffed spell nobody is found to fill in: that is what makes it short
		if (active < target && now >= ch.spellUntilMs) {
			let need = target - active;
			for (const a of ch.pool) {
				if (need === 0) break;
				if (a.loggedIn && a.leaving) {
					a.leaving = false; // asked to stay on
					if (!a.onBreak && a.load < a.maxConc) setStatus(a, 'available');
					need--;
				}
			}
			// People take time to reach a desk: a step brings in slots for at most LOGIN_RAMP times an
			// ordinary day's mean arrival rate (params.ts), so a load that jumps — the 00:00 rush of a
			// promotion at 60× — meets the floor that was there and a queue, not a roster that conjures
			// agents within 15 s.
			const conc = ch.arch === 'chat' ? MEAN_CHAT_CONCURRENCY : 1;
			const normalRate = (ch.p.baseDailyVolume * (opts.volumeScale ?? 1)) / 86_400;
			const ramp = (LOGIN_RAMP * normalRate * (ROSTER_STEP_MS / 1000)) / conc;
			// the first step staffs the floor the run opens with (Erlang A's margin for the rate arriving)
			let logins = now === opts.startMs ? need : Math.min(need, Math.max(1, Math.ceil(ramp)));
			for (let i = 0; logins > 0; i++) {
				const a = poolAgent(ch, i);
				if (a.loggedIn) continue;
				login(a);
				logins--;
			}
		} else if (active > target + Math.max(1, Math.ceil(0.05 * target))) {
			// End the shifts of those who have been on longest (after a minimum shift).
			const sim = simAt(now);
			const candidates = ch.pool
				.filter((a) => a.loggedIn && !a.leaving && sim - a.loginSimMs >= (ch.realtime ? MIN_SHIFT_SIM_MS : MIN_DESK_SIM_MS))
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
					ch.arrivalsSinceStep++;
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
		ch.arrivalsSinceStep++;
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

	/**
	 * Short-staffed spells (params.ts SPELL_*): one per realtime channel in every wall hour from the
	 * start, at a random minute; a run of agents in pool order (a team) finishes what it holds, goes
	 * on break and comes back at the spell's end. The roster does not replace them.
	 */
	function spellTick(t: number): void {
		for (const ch of channels) {
			if (!ch.realtime) continue;
			const durMs = Math.round(rng.uniform(SPELL_MIN_MINUTES, SPELL_MAX_MINUTES) * MIN);
			// not in the first quarter hour of a run: the floor is still filling with work
			const earliest = t === opts.startMs ? 15 * MIN : 0;
			const at = t + Math.round(rng.uniform(earliest, SPELL_EVERY_MS - durMs));
			const keep = rng.uniform(SPELL_KEEP_MIN, SPELL_KEEP_MAX);
			queue.push(at, () => startSpell(ch, keep, at + durMs));
		}
		queue.push(t + SPELL_EVERY_MS, () => spellTick(t + SPELL_EVERY_MS));
	}

	/**
	 * Leaves the channel's agents taking new contacts with `keep` × the slots its work takes now
	 * (contacts in hand and waiting): those above finish what they hold and go on break. Below 1 the
	 * queue grows for the spell whatever the floor's slack was.
	 */
	function startSpell(ch: ChannelState, keep: number, endMs: number): void {
		const onFloor = ch.pool.filter((a) => a.loggedIn && !a.leaving && !a.onBreak && !a.wantsBreak);
		if (onFloor.length === 0) return;
		ch.spellUntilMs = Math.max(ch.spellUntilMs, endMs);
		// the work there is now: contacts in hand and waiting (what the floor lead sees)
		const needSlots = ch.pool.reduce((n, a) => n + a.load, 0) + ch.waitingCount;
		let slots = onFloor.reduce((n, a) => n + a.maxConc, 0);
		const from = rng.int(onFloor.length);
		const pulled: Agent[] = [];
		for (let i = 0; i < onFloor.length && slots - onFloor[(from + i) % onFloor.length].maxConc >= keep * needSlots; i++) {
			const a = onFloor[(from + i) % onFloor.length];
			pulled.push(a);
			slots -= a.maxConc;
		}
		for (const a of pulled) {
			a.spellEndMs = endMs;
			a.wantsBreak = true;
			if (a.load === 0) startBreak(a);
			else if (a.status === 'available') setStatus(a, 'on_contact'); // holds chats, takes no new ones
		}
		queue.push(endMs, () => {
			for (const a of pulled) {
				if (a.spellEndMs !== endMs || a.onBreak) continue;
				// still finishing what they held: back to taking contacts
				a.spellEndMs = 0;
				a.wantsBreak = false;
				if (a.loggedIn && !a.leaving && a.load < a.maxConc) setStatus(a, 'available');
			}
			dispatch(ch);
		});
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
		// The floor found at the start has been on shift for a while (staggered shifts), so the roster
		// can release agents as the load falls instead of keeping everyone for a minimum shift.
		for (const ch of channels) for (const a of ch.pool) if (a.loggedIn) a.loginSimMs -= rng.uniform(0, MIN_SHIFT_SIM_MS);
		arrivalTick(opts.startMs);
		spellTick(opts.startMs);
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
			const left = [...open].sort((x, y) => x.arrivedMs - y.arrivedMs);
			const deskBacklog: Contact[] = [];
			for (const c of left) {
				if (c.status === 'active' && c.agent) contactEvent('contact.resolved', c, { agent_id: c.agent.id });
				// a chat or call still waiting when the simulated customers go: they leave
				else if (channels[c.ch].realtime) contactEvent('contact.abandoned', c);
				else deskBacklog.push(c);
			}
			// An e-mail or ticket is never abandoned (nobody hangs up on a mail): with everything in hand
			// closed above, the desk answers and closes what is still queued, marked so that reports can
			// tell (decision 0075).
			for (const c of deskBacklog) {
				const a = c.agent ?? deskAgent(channels[c.ch]);
				const attrs = { closed_by: 'simulator_stop' };
				contactEvent('contact.answered', c, { agent_id: a.id, team_id: a.team, attrs });
				contactEvent('contact.resolved', c, { agent_id: a.id, attrs });
			}
			for (const c of left) c.status = 'done';
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
