import { requireFractionUpToOne, requireNonNegative, requirePositive } from './validate';

export interface DeferredWorkInput {
	/** Items (e-mails, tickets) open now, ≥ 0. */
	backlogItems: number;
	/** Items arriving per hour during the window, ≥ 0. */
	arrivalsPerHour: number;
	/** Handle time per item, seconds. */
	ahtSec: number;
	/** SLA window in seconds (e.g. 4 h = 14 400 for e-mail L1 in domain.md). */
	slaWindowSec: number;
	/**
	 * Share of an agent's paid time spent on this work (1 − shrinkage, times any utilisation cap),
	 * in (0, 1]; default 1.
	 */
	productiveFraction?: number;
}

export interface DeferredWorkResult {
	/** ⌈fractionalAgents⌉: clear the backlog and everything arriving within the window, by its end. */
	agents: number;
	/** (backlog + arrivals in window)·AHT / (window · productive fraction). */
	fractionalAgents: number;
	/** ⌈dueDateFractionalAgents⌉: every item answered within the window of its own arrival. */
	dueDateAgents: number;
	/** max(arrival rate, backlog / window)·AHT / productive fraction. */
	dueDateFractionalAgents: number;
	/** Work in the window, agent-hours: (backlog + arrivals in window)·AHT / 3600. */
	workloadHours: number;
}

/**
 * Agents for deferred work (e-mail, tickets) answered within an SLA window of hours, by the
 * work-conserving fluid bound: a team of n agents with productive fraction p completes
 * n·p/AHT items per second whenever work is waiting, so clearing W of work within the window
 * needs n ≥ W·AHT / (window·p) (Koole, "Call Center Optimization", §9 on e-mail and other
 * non-real-time channels: workload over time available, no queueing delay to model because
 * the SLA is hours long).
 *
 * Two readings of "answer the backlog plus arrivals within the window":
 * - `agents`: clear the backlog and all items arriving during the window by the end of the
 *   window, n ≥ (B + λ·window)·AHT / (window·p) — the rule and the safer one;
 * - `dueDateAgents`: each item due one window after its own arrival (backlog due at the window's
 *   end), served FCFS at a constant rate r: item arriving at s finishes at (B + λs)/r ≤ s + window
 *   for all s ≥ 0 iff r ≥ max(λ, B/window), so n ≥ max(λ, B/window)·AHT / p.
 *
 * @throws when an argument is negative, AHT/window not > 0, or the productive fraction not in (0, 1]
 * @example deferredWorkAgents({ backlogItems: 200, arrivalsPerHour: 50, ahtSec: 360,
 *   slaWindowSec: 4 * 3600 }) // fractionalAgents 10 (= (200 + 200)·360 / 14 400)
 */
export function deferredWorkAgents(input: DeferredWorkInput): DeferredWorkResult {
	const fn = 'deferredWorkAgents';
	requireNonNegative(fn, 'backlogItems', input.backlogItems);
	requireNonNegative(fn, 'arrivalsPerHour', input.arrivalsPerHour);
	requirePositive(fn, 'ahtSec', input.ahtSec);
	requirePositive(fn, 'slaWindowSec', input.slaWindowSec);
	const p = input.productiveFraction ?? 1;
	requireFractionUpToOne(fn, 'productiveFraction', p);
	const { backlogItems: b, ahtSec, slaWindowSec: w } = input;
	const lambdaPerSec = input.arrivalsPerHour / 3600;
	const items = b + lambdaPerSec * w;
	const fractionalAgents = (items * ahtSec) / (w * p);
	const dueDateFractionalAgents = (Math.max(lambdaPerSec, b / w) * ahtSec) / p;
	return {
		agents: ceilClean(fractionalAgents),
		fractionalAgents,
		dueDateAgents: ceilClean(dueDateFractionalAgents),
		dueDateFractionalAgents,
		workloadHours: (items * ahtSec) / 3600
	};
}

/** ⌈x⌉ ignoring a relative 1e-12 of floating-point noise (10.000000000000002 → 10). */
export function ceilClean(x: number): number {
	return Math.ceil(x * (1 - 1e-12));
}
