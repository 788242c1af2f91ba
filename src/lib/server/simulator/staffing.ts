import { deferredWorkAgents } from '$forecast/staffing/deferredWork';
import { requiredAgentsErlangA } from '$forecast/staffing/requiredAgentsErlangA';
import { BREAK_SHARE, CHAT_CONCURRENCY_CHOICES, type ChannelParams } from './params';

/** Mean concurrency of a chat agent drawn from CHAT_CONCURRENCY_CHOICES. */
export const MEAN_CHAT_CONCURRENCY =
	CHAT_CONCURRENCY_CHOICES.reduce((a, b) => a + b, 0) / CHAT_CONCURRENCY_CHOICES.length;

export interface ServerPlan {
	/** servers (agents, or chat slots) */
	servers: number;
	/** Erlang C probability of waiting with that many servers */
	waitProbability: number;
}

/**
 * The fewest servers N for which an M/M/N queue answers `targetFraction` of contacts within
 * `targetSec`: SL(N) = 1 − C(N, A)·e^{−(N − A)·T/AHT}, with A = λ·AHT and the Erlang C
 * probability C = N·B / (N − A(1 − B)) from the Erlang B recursion B(n) = A·B(n−1)/(n + A·B(n−1))
 * (Cooper, "Introduction to Queueing Theory" 2nd ed., eq. 3.1.19; Koole, "Call Center
 * Optimization" §3.3) — the planner's Erlang calculator. One pass over n: O(N).
 * A chat "server" is one chat slot (agents = servers / concurrency).
 *
 * @throws when a rate or time is negative or the target fraction is outside (0, 1)
 * @example planServers(100 / 1800, 180, 20, 0.8).servers // 13 (100 calls per 30 min, AHT 180 s, 80/20)
 */
export function planServers(arrivalsPerSec: number, handleSec: number, targetSec: number, targetFraction: number): ServerPlan {
	if (!(arrivalsPerSec >= 0) || !(handleSec > 0) || !(targetSec >= 0)) {
		throw new Error(`planServers: need arrivalsPerSec ≥ 0, handleSec > 0, targetSec ≥ 0; got ${arrivalsPerSec}, ${handleSec}, ${targetSec}`);
	}
	if (!(targetFraction > 0 && targetFraction < 1)) {
		throw new Error(`planServers: targetFraction must be in (0, 1), got ${targetFraction}`);
	}
	const a = arrivalsPerSec * handleSec;
	if (a === 0) return { servers: 0, waitProbability: 0 };
	let b = 1;
	for (let n = 1; ; n++) {
		b = (a * b) / (n + a * b);
		if (n <= a) continue;
		const c = (n * b) / (n - a * (1 - b));
		const sl = 1 - c * Math.exp((-(n - a) * targetSec) / handleSec);
		if (sl >= targetFraction) return { servers: n, waitProbability: c };
	}
}

/**
 * Erlang C probability of waiting for N servers at load A (same recursion as {@link planServers});
 * 1 when N ≤ A (no steady state: every arrival waits).
 */
export function waitProbability(servers: number, loadErlangs: number): number {
	if (loadErlangs <= 0) return 0;
	if (servers <= loadErlangs) return 1;
	let b = 1;
	for (let n = 1; n <= servers; n++) b = (loadErlangs * b) / (n + loadErlangs * b);
	return (servers * b) / (servers - loadErlangs * (1 - b));
}

/**
 * Head-count on duty for a realtime channel: servers planned to the channel's SL target, divided
 * by the concurrency, grossed up for breaks (shrinkage), times the staffing factor of the moment
 * (1 = as planned; < 1 = short-staffed). `shrinkage` is the share of agents on break (0 when
 * nobody takes breaks). At least 2 agents: a 24-hour centre never leaves a live
 * channel empty.
 */
export function realtimeAgentsTarget(
	arrivalsPerSec: number,
	handleSec: number,
	concurrency: number,
	targetSec: number,
	targetFraction: number,
	staffFactor: number,
	shrinkage = BREAK_SHARE
): number {
	const { servers } = planServers(arrivalsPerSec, handleSec, targetSec, targetFraction);
	return Math.max(2, Math.ceil((servers / concurrency / (1 - shrinkage)) * staffFactor));
}

/**
 * Head-count of a deferred channel (e-mail, tickets) at a local hour: the day's work
 * (volume × handle) is done by a day crew over the working hours and a night crew of
 * `nightCrewShare` the rest of the time, with 8% slack and break shrinkage. Waits of hours follow
 * naturally: what arrives at night waits for the morning.
 */
export function deferredAgentsTarget(
	dayVolume: number,
	handleSec: number,
	p: Pick<ChannelParams, 'workHours' | 'nightCrewShare'>,
	localHour: number,
	staffFactor: number,
	shrinkage = BREAK_SHARE
): number {
	if (!(dayVolume > 0)) return 0;
	const [from, to] = p.workHours;
	const daySec = (to - from) * 3600;
	const nightSec = 86_400 - daySec;
	const dayCrew = (dayVolume * handleSec * 1.08) / (1 - shrinkage) / (daySec + p.nightCrewShare * nightSec);
	const working = localHour >= from && localHour < to;
	return Math.max(1, Math.ceil((working ? dayCrew : dayCrew * p.nightCrewShare) * staffFactor));
}

/**
 * Mean of a lognormal patience given its median and log-sd: median·e^{σ²/2}. Erlang A models
 * patience as exponential with this mean (the planner's usual approximation).
 */
export function meanPatienceSec(medianSec: number, sigma: number): number {
	return medianSec * Math.exp((sigma * sigma) / 2);
}

export interface RealtimePlanInput {
	/** arrivals per second the plan is for (the coming interval) */
	arrivalsPerSec: number;
	/**
	 * contacts expected in hand now (λ̄·AHT of the smoothed rate; default arrivalsPerSec × handleSec,
	 * the steady state). The plan is these plus Erlang A's margin for the arrival rate, N(λ) − λ·AHT:
	 * a floor filling from empty (or still holding a busier hour's contacts) gets the slots its
	 * contacts take and the queueing margin of the rate arriving now.
	 */
	inHandErlangs?: number;
	/** mean handle time of one contact (chat: one chat), seconds */
	handleSec: number;
	/** mean patience, seconds (Erlang A's exponential patience) */
	patienceSec: number;
	/** the SL time the plan answers within (the channel's T, minus the pickup delay), seconds */
	thresholdSec: number;
	/** the SL the plan aims at, a fraction in (0, 1) */
	serviceLevelTarget: number;
	/** chats an agent holds at once (1 for phone); slots = agents × this */
	concurrency: number;
	/** share of agents on break (0 when nobody takes breaks) */
	shrinkage: number;
	/** 1 = as planned; < 1 = short-staffed (the calendar's promotion gap) */
	staffFactor: number;
}

/**
 * Head-count on duty for a realtime channel, sized to the load with the staffing engine of
 * `forecast/staffing`: Erlang A (M/M/N+M, `requiredAgentsErlangA`) gives the fewest servers for
 * which `serviceLevelTarget` of contacts are answered within `thresholdSec` on the board's basis
 * (answered within T over answered + abandoned after T — `excludingEarlyAbandons`). A chat server
 * is one chat slot: every chat in the simulated centre takes its own handle time whatever else the
 * agent holds, so N slots behave as N servers; agents = slots ÷ concurrency. Grossed up for breaks
 * (shrinkage) and times the staffing factor; at least 2 agents (a 24-hour centre never leaves a
 * live channel empty).
 *
 * @example realtimePlanAgents({ arrivalsPerSec: 100 / 1800, handleSec: 180, patienceSec: 300,
 *   thresholdSec: 20, serviceLevelTarget: 0.8, concurrency: 1, shrinkage: 0, staffFactor: 1 })
 */
export function realtimePlanAgents(p: RealtimePlanInput): number {
	if (!(p.arrivalsPerSec >= 0) || !(p.handleSec > 0) || !(p.concurrency >= 1)) {
		throw new Error(`realtimePlanAgents: need arrivalsPerSec ≥ 0, handleSec > 0, concurrency ≥ 1; got ${p.arrivalsPerSec}, ${p.handleSec}, ${p.concurrency}`);
	}
	const inHand = p.inHandErlangs ?? p.arrivalsPerSec * p.handleSec;
	const servers = Math.max(0, erlangAMargin(p) + inHand);
	return Math.max(2, Math.ceil((servers / p.concurrency / (1 - p.shrinkage)) * p.staffFactor));
}

/** Margins by quantised input: the roster asks every 15 s with a rate that moves by fractions of a percent. */
const marginCache = new Map<string, number>();
/** rates are quantised to steps of this ratio (0.5%): the margin, ~β√(λ·AHT), moves by far less than a server */
const RATE_STEP = Math.log(1.005);

/**
 * Erlang A's queueing margin N(λ) − λ·AHT at the arrival rate rounded to a 0.5% step (so the answer
 * is a pure function of the input and repeated plans cost a map lookup).
 */
function erlangAMargin(p: RealtimePlanInput): number {
	if (p.arrivalsPerSec <= 0) return 0;
	const lambda = Math.exp(Math.round(Math.log(p.arrivalsPerSec) / RATE_STEP) * RATE_STEP);
	const key = `${lambda}|${p.handleSec}|${p.patienceSec}|${p.thresholdSec}|${p.serviceLevelTarget}`;
	let margin = marginCache.get(key);
	if (margin === undefined) {
		const planned = requiredAgentsErlangA(
			{ arrivals: lambda * 1800, intervalSec: 1800, ahtSec: p.handleSec, patienceSec: p.patienceSec },
			{ thresholdSec: Math.max(1, p.thresholdSec), serviceLevelTarget: p.serviceLevelTarget, serviceLevelBasis: 'excludingEarlyAbandons' }
		).agents;
		margin = planned - lambda * p.handleSec;
		if (marginCache.size > 20_000) marginCache.clear();
		marginCache.set(key, margin);
	}
	return margin;
}

export interface DeferredPlanInput {
	/** arrivals per second now (the model's rate) */
	arrivalsPerSec: number;
	/** contacts waiting now */
	backlog: number;
	handleSec: number;
	/** the channel's SL time (first response), seconds: the backlog is planned to clear within it */
	slaWindowSec: number;
	/** share of agent time on contacts: 1 − shrinkage, times the occupancy a desk plans for */
	productiveFraction: number;
	/** within the desk's working hours; outside, a night crew of `nightShare` of the need */
	working: boolean;
	nightShare: number;
	staffFactor: number;
}

/**
 * Head-count of a deferred channel (e-mail, tickets) sized to its load now: the fluid bound of
 * `forecast/staffing` `deferredWorkAgents` — each item answered within the SLA window of its own
 * arrival needs max(λ, backlog ÷ window)·AHT ÷ productive fraction agents (`dueDateAgents`). So
 * 25 tickets an hour at 25 min get ~12 agents, not a day crew of 40; what arrives at night (a
 * night crew of `nightShare`) waits for the morning, when the backlog term staffs up to clear it.
 */
export function deferredPlanAgents(p: DeferredPlanInput): number {
	const need = deferredWorkAgents({
		backlogItems: Math.max(0, p.backlog),
		arrivalsPerHour: Math.max(0, p.arrivalsPerSec) * 3600,
		ahtSec: p.handleSec,
		slaWindowSec: p.slaWindowSec,
		productiveFraction: p.productiveFraction
	}).dueDateFractionalAgents;
	const crew = (p.working ? need : need * p.nightShare) * p.staffFactor;
	return Math.max(1, Math.ceil(crew));
}
