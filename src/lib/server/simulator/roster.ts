/**
 * The simulated centre's roster: who the agents are (ids, names, teams, concurrency), how many are
 * on duty (the staffing plan of the moment and the login ramp), shifts, breaks and short-staffed
 * spells, and each agent's state. Handing contacts to agents is routing.ts; what happens to a
 * contact is contactLifecycle.ts.
 */
import {
	BREAK_SHARE,
	CHAT_BREAK_DRAIN_SHARE,
	CHAT_CONCURRENCY_CHOICES,
	DEFERRED_PLAN_OCCUPANCY,
	LOGIN_RAMP,
	PLAN_SL_TARGET,
	SPELL_EVERY_MS,
	SPELL_KEEP_MAX,
	SPELL_KEEP_MIN,
	SPELL_MAX_MINUTES,
	SPELL_MIN_MINUTES,
	type Archetype
} from './params';
import { deferredPlanAgents, MEAN_CHAT_CONCURRENCY, meanPatienceSec, realtimePlanAgents } from './staffing';
import { offlineAgent, type Agent, type ChannelState, type Emitter, type World } from './world';

export const ROSTER_STEP_MS = 15_000;
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

// Demo agents' names: a surname and a given name picked by pool slot (deterministic, so an agent keeps
// its name across restarts); teams are named by desk, as centres name them (在线一组 …).
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧'];
const GIVEN = ['静', '伟', '芳', '娜', '敏', '磊', '洋', '艳', '勇', '杰', '娟', '涛', '明', '超', '丽', '强', '军', '平', '刚', '婷', '雪', '琳', '晨', '悦', '佳', '欣', '浩', '宇', '倩', '颖', '思远', '子涵', '雨桐', '梓萱', '一鸣', '嘉怡', '俊杰', '诗琪', '文博', '雅婷', '晓东'];
const TEAM_LABEL: Record<Archetype, string> = { chat: '在线', phone: '热线', email: '邮件', ticket: '工单' };
/** agents per team: pool slots 1–15 are team 1, 16–30 team 2, … */
const TEAM_SIZE = 15;

/** The display name of pool slot `n` (1-based) of channel `channelIdx`: the same for every run. */
export function agentName(channelIdx: number, n: number): string {
	const k = n + channelIdx * 157;
	return SURNAMES[(k * 7) % SURNAMES.length] + GIVEN[(k * 13 + Math.floor(k / GIVEN.length)) % GIVEN.length];
}

/** The team of pool slot `n` (1-based): its number and its name (在线1组 …). */
export function agentTeam(arch: Archetype, n: number): { no: number; name: string } {
	const no = Math.ceil(n / TEAM_SIZE);
	return { no, name: `${TEAM_LABEL[arch]}${no}组` };
}

/** Chats an agent of pool slot `n` takes at once: a property of the agent (skill, seniority), fixed per slot and seed. */
export function agentConcurrency(arch: Archetype, seed: number, n: number): number {
	return arch === 'chat' ? CHAT_CONCURRENCY_CHOICES[(seed + n * 7919) % CHAT_CONCURRENCY_CHOICES.length] : 1;
}

/** Exponential smoothing of `prev` toward `input` over a step of `stepMs` with time constant `tauMs`. */
export function smoothToward(prev: number, input: number, stepMs: number, tauMs: number): number {
	return prev + (input - prev) * (1 - Math.exp(-stepMs / tauMs));
}

/**
 * Agents the roster logs in at one step when it needs `need` more: all of them at the run's first
 * step (the floor the run opens with), else at most the login ramp — the slots for LOGIN_RAMP × an
 * ordinary day's mean arrival rate (`baseDailyVolume` × `volumeScale` a day) in one step, divided by
 * the agent's mean concurrency — and at least one.
 */
export function loginsThisStep(need: number, firstStep: boolean, baseDailyVolume: number, volumeScale: number, concurrency: number): number {
	if (firstStep) return need;
	const normalRate = (baseDailyVolume * volumeScale) / 86_400;
	const ramp = (LOGIN_RAMP * normalRate * (ROSTER_STEP_MS / 1000)) / concurrency;
	return Math.min(need, Math.max(1, Math.ceil(ramp)));
}

/**
 * The agents a short-staffed spell pulls off the floor: a run of `onFloor` in order from index
 * `from` (a team), as long as those left keep at least `keep` × `needSlots` slots.
 */
export function spellPulls<A extends { maxConc: number }>(onFloor: readonly A[], from: number, needSlots: number, keep: number): A[] {
	let slots = onFloor.reduce((n, a) => n + a.maxConc, 0);
	const pulled: A[] = [];
	for (let i = 0; i < onFloor.length && slots - onFloor[(from + i) % onFloor.length].maxConc >= keep * needSlots; i++) {
		const a = onFloor[(from + i) % onFloor.length];
		pulled.push(a);
		slots -= a.maxConc;
	}
	return pulled;
}

export interface Roster {
	/** The agent of pool slot `i` (0-based), created on first use. */
	poolAgent(ch: ChannelState, i: number): Agent;
	/** The agent finished (or handed over) one contact. */
	release(a: Agent): void;
	logout(a: Agent): void;
	/** The agent of a deferred desk that closes what is left at shutdown: one logged in, else the first of the pool. */
	deskAgent(ch: ChannelState): Agent;
	/** At the run's start: sets offline the agent ids a previous run may have left logged in. */
	resetLeftovers(): void;
	/** A roster step for every channel now, and the next one scheduled. */
	tick(t: number): void;
	/**
	 * After the first step: the floor found at the start has been on shift for a while (staggered
	 * shifts), so the roster can release agents as the load falls instead of keeping everyone for a
	 * minimum shift.
	 */
	staggerShifts(): void;
	/** This wall hour's short-staffed spells, and the next hour's tick scheduled. */
	spellTick(t: number): void;
}

/**
 * The roster of run `w`; `dispatch(ch)` hands waiting contacts of `ch` to agents that became free
 * (routing.ts).
 */
export function createRoster(w: World, em: Emitter, dispatch: (ch: ChannelState) => void): Roster {
	const { opts, model, rng, queue, breaks } = w;
	const shrinkage = breaks ? BREAK_SHARE : 0;

	function poolAgent(ch: ChannelState, i: number): Agent {
		while (ch.pool.length <= i) {
			const n = ch.pool.length + 1;
			const team = agentTeam(ch.arch, n);
			ch.pool.push(
				offlineAgent({
					id: `${w.agentPrefix}${ch.id}-a${String(n).padStart(3, '0')}`,
					name: agentName(ch.idx, n),
					team: `${w.agentPrefix}${ch.id}-t${team.no}`,
					teamName: team.name,
					ch: ch.idx,
					maxConc: agentConcurrency(ch.arch, opts.seed, n),
					idleSinceMs: w.now
				})
			);
		}
		return ch.pool[i];
	}

	function login(a: Agent): void {
		a.loggedIn = true;
		a.leaving = false;
		a.wantsBreak = false;
		a.onBreak = false;
		a.loginSimMs = w.simAt(w.now);
		a.spellEndMs = 0;
		// The first break comes at any point of the 90–150 min cycle: a floor found mid-shift (the
		// demo's start) has its breaks spread out, not all due two hours later.
		a.nextBreakMs = breaks ? w.now + rng.uniform(5, 150) * MIN : Infinity;
		a.idleSinceMs = w.now;
		em.agent(a, 'available');
	}

	function logout(a: Agent): void {
		a.loggedIn = false;
		a.leaving = false;
		a.wantsBreak = false;
		a.onBreak = false;
		a.spellEndMs = 0;
		em.setStatus(a, 'offline');
	}

	function startBreak(a: Agent): void {
		a.wantsBreak = false;
		a.onBreak = true;
		em.setStatus(a, 'break');
		const spell = a.spellEndMs > w.now;
		queue.push(spell ? a.spellEndMs : w.now + Math.round(rng.uniform(10, 20) * MIN), () => {
			if (!a.onBreak) return; // logged out meanwhile (shutdown)
			a.onBreak = false;
			// a spell is not a rest: the break cycle goes on as it was
			if (spell) a.spellEndMs = 0;
			else a.nextBreakMs = breaks ? w.now + rng.uniform(90, 150) * MIN : Infinity;
			if (a.leaving || !a.loggedIn) logout(a);
			else {
				a.idleSinceMs = w.now;
				em.setStatus(a, 'available');
				dispatch(w.channels[a.ch]);
			}
		});
	}

	function release(a: Agent): void {
		a.load--;
		if (a.load === 0) {
			a.idleSinceMs = w.now;
			if (a.leaving) return logout(a);
			if (a.wantsBreak) return startBreak(a);
			em.setStatus(a, 'available');
		} else if (!a.leaving && !a.wantsBreak && a.load < a.maxConc) {
			em.setStatus(a, 'available');
		}
	}

	function deskAgent(ch: ChannelState): Agent {
		return ch.pool.find((a) => a.loggedIn && !a.onBreak) ?? ch.pool.find((a) => a.loggedIn) ?? poolAgent(ch, 0);
	}

	/**
	 * Staffing multiplier at wall time `wallMs`: the calendar's (a promotion's staffing gap, holidays).
	 * The model's short-staffed two-hour blocks (which the backfill uses) are replaced in live mode by
	 * the short-staffed spells below, drawn in wall time at every speed: a two-hour block at 60× would
	 * last two wall minutes, shorter than a handle time.
	 */
	function staffFactorAt(wallMs: number): number {
		return model.calendarStaffFactor(w.simAt(wallMs));
	}

	/**
	 * The arrival rate the roster plans with: the model's rate (10 scenario minutes ahead, as a
	 * planner staffs for the coming interval) smoothed over one mean handle time of wall time.
	 * λ̄·AHT is then the expected number of contacts in hand (the M/M/∞ mean), which is what agents
	 * are needed for. At speed 1 it is close to the rate of the moment; at 60× a scenario hour lasts
	 * one wall minute, far less than a handle time, and planning on the rate of the moment would
	 * staff for load that has not arrived yet (or release agents still holding the last hour's chats).
	 *
	 * It starts at 0: the centre opens with nothing in hand, and λ̄·AHT smoothed from 0 over one
	 * handle time is exactly the expected number of contacts in hand of an M/M/∞ system filling from
	 * empty (λ·AHT·(1 − e^{−t/AHT})), so the floor fills as the work does instead of sitting idle at
	 * full strength for the first half hour (issue 18: "100 % SL and 0 abandons after 46 minutes").
	 */
	function plannedRate(ch: ChannelState, wallMs: number, stepMs: number): number {
		const sim = w.simAt(wallMs);
		const handleMs = ch.p.meanHandleSec * 1000 * model.ahtFactor(sim);
		const input = model.channelRatePerSec(ch.idx, sim + LOOKAHEAD_SIM_MS);
		return smoothToward(ch.smoothedRate, input, stepMs, handleMs);
	}

	/**
	 * Head-count for channel `ch` at `wallMs`: `rate` is the smoothed rate (λ̄: λ̄·AHT contacts in
	 * hand), `aheadRate` the model's rate for the coming interval (λ: what the queue's margin is
	 * sized for; default `rate`).
	 */
	function rosterTarget(ch: ChannelState, wallMs: number, rate: number, aheadRate = rate): number {
		const sim = w.simAt(wallMs);
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
			backlog: ch.line.count,
			handleSec,
			slaWindowSec: cfg.slTargetSec,
			productiveFraction: (1 - shrinkage) * DEFERRED_PLAN_OCCUPANCY,
			working: hour >= ch.p.workHours[0] && hour < ch.p.workHours[1],
			nightShare: ch.p.nightCrewShare,
			staffFactor: staff
		});
	}

	function step(ch: ChannelState): void {
		ch.smoothedRate = plannedRate(ch, w.now, ROSTER_STEP_MS);
		ch.seenRate = smoothToward(ch.seenRate, (ch.arrivalsSinceStep * 1000) / ROSTER_STEP_MS, ROSTER_STEP_MS, DESK_RATE_TAU_MS);
		ch.arrivalsSinceStep = 0;
		const target = rosterTarget(ch, w.now, ch.smoothedRate, model.channelRatePerSec(ch.idx, w.simAt(w.now) + LOOKAHEAD_SIM_MS));
		ch.target = target;
		let active = 0;
		for (const a of ch.pool) if (a.loggedIn && !a.leaving) active++;
		// during a short-staffed spell nobody is found to fill in: that is what makes it short
		if (active < target && w.now >= ch.spellUntilMs) {
			let need = target - active;
			for (const a of ch.pool) {
				if (need === 0) break;
				if (a.loggedIn && a.leaving) {
					a.leaving = false; // asked to stay on
					if (!a.onBreak && a.load < a.maxConc) em.setStatus(a, 'available');
					need--;
				}
			}
			// People take time to reach a desk: a step brings in slots for at most LOGIN_RAMP times an
			// ordinary day's mean arrival rate (params.ts), so a load that jumps — the 00:00 rush of a
			// promotion at 60× — meets the floor that was there and a queue, not a roster that conjures
			// agents within 15 s. The first step staffs the floor the run opens with (Erlang A's margin
			// for the rate arriving).
			const conc = ch.arch === 'chat' ? MEAN_CHAT_CONCURRENCY : 1;
			let logins = loginsThisStep(need, w.now === opts.startMs, ch.p.baseDailyVolume, opts.volumeScale ?? 1, conc);
			for (let i = 0; logins > 0; i++) {
				const a = poolAgent(ch, i);
				if (a.loggedIn) continue;
				login(a);
				logins--;
			}
		} else if (active > target + Math.max(1, Math.ceil(0.05 * target))) {
			// End the shifts of those who have been on longest (after a minimum shift).
			const sim = w.simAt(w.now);
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
			if (a.loggedIn && !a.leaving && !a.wantsBreak && !a.onBreak && w.now >= a.nextBreakMs) {
				a.wantsBreak = true;
				if (a.load === 0) startBreak(a);
			}
		}
		dispatch(ch);
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
		const needSlots = ch.pool.reduce((n, a) => n + a.load, 0) + ch.line.count;
		const pulled = spellPulls(onFloor, rng.int(onFloor.length), needSlots, keep);
		for (const a of pulled) {
			a.spellEndMs = endMs;
			a.wantsBreak = true;
			if (a.load === 0) startBreak(a);
			else if (a.status === 'available') em.setStatus(a, 'on_contact'); // holds chats, takes no new ones
		}
		queue.push(endMs, () => {
			for (const a of pulled) {
				if (a.spellEndMs !== endMs || a.onBreak) continue;
				// still finishing what they held: back to taking contacts
				a.spellEndMs = 0;
				a.wantsBreak = false;
				if (a.loggedIn && !a.leaving && a.load < a.maxConc) em.setStatus(a, 'available');
			}
			dispatch(ch);
		});
	}

	function tick(t: number): void {
		for (const ch of w.channels) step(ch);
		queue.push(t + ROSTER_STEP_MS, () => tick(t + ROSTER_STEP_MS));
	}

	/**
	 * Short-staffed spells (params.ts SPELL_*): one per realtime channel in every wall hour from the
	 * start, at a random minute; a run of agents in pool order (a team) finishes what it holds, goes
	 * on break and comes back at the spell's end. The roster does not replace them.
	 */
	function spellTick(t: number): void {
		for (const ch of w.channels) {
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

	return {
		poolAgent,
		release,
		logout,
		deskAgent,
		resetLeftovers() {
			for (const ch of w.channels) {
				let peak = 0;
				for (let h = 0; h <= 24; h++) {
					const t = w.now + (h * 3_600_000) / w.plan.speed;
					peak = Math.max(peak, rosterTarget(ch, t, model.channelRatePerSec(ch.idx, w.simAt(t))));
				}
				const reset = Math.ceil(peak * 1.2) + 2;
				const target = rosterTarget(ch, w.now, plannedRate(ch, w.now, 0));
				for (let i = target; i < reset; i++) em.agent(poolAgent(ch, i), 'offline');
			}
		},
		tick,
		staggerShifts() {
			for (const ch of w.channels) for (const a of ch.pool) if (a.loggedIn) a.loginSimMs -= rng.uniform(0, MIN_SHIFT_SIM_MS);
		},
		spellTick
	};
}
