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
