import { BREAK_SHARE, CHAT_CONCURRENCY_CHOICES, STAFFING_BETA, type ChannelParams } from './params';

/** Mean concurrency of a chat agent drawn from CHAT_CONCURRENCY_CHOICES. */
export const MEAN_CHAT_CONCURRENCY =
	CHAT_CONCURRENCY_CHOICES.reduce((a, b) => a + b, 0) / CHAT_CONCURRENCY_CHOICES.length;

/**
 * Servers a realtime queue is planned with: square-root staffing N = A + β√A, the rule a planner
 * with an Erlang calculator lands near (Halfin & Whitt 1981, "Heavy-traffic limits for queues with
 * many exponential servers"; Koole, "Call Center Optimization", §4.2). A chat "server" is one chat
 * slot; agents = servers / concurrency.
 *
 * @param loadErlangs A = arrivals/s × mean handle (s)
 * @example plannedServers(100) // 109 with β = 0.9
 */
export function plannedServers(loadErlangs: number, beta = STAFFING_BETA): number {
	if (!(loadErlangs > 0)) return 0;
	return loadErlangs + beta * Math.sqrt(loadErlangs);
}

/**
 * Head-count on duty for a realtime channel: planned servers / concurrency, grossed up for breaks
 * (shrinkage), times the staffing factor of the moment (1 = as planned; < 1 = short-staffed).
 * At least 2 agents: a 24-hour centre never leaves a live channel empty.
 */
export function realtimeAgentsTarget(arrivalsPerSec: number, handleSec: number, concurrency: number, staffFactor: number): number {
	const servers = plannedServers(arrivalsPerSec * handleSec);
	return Math.max(2, Math.ceil(((servers / concurrency) / (1 - BREAK_SHARE)) * staffFactor));
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
	staffFactor: number
): number {
	if (!(dayVolume > 0)) return 0;
	const [from, to] = p.workHours;
	const daySec = (to - from) * 3600;
	const nightSec = 86_400 - daySec;
	const dayCrew = (dayVolume * handleSec * 1.08) / (1 - BREAK_SHARE) / (daySec + p.nightCrewShare * nightSec);
	const working = localHour >= from && localHour < to;
	return Math.max(1, Math.ceil((working ? dayCrew : dayCrew * p.nightCrewShare) * staffFactor));
}
