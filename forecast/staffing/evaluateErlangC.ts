import { erlangB } from './erlangB';
import { erlangCFromB } from './erlangC';
import { offeredLoadErlangs } from './offeredLoad';
import { idleQueueMetrics, unstableQueueMetrics } from './queueMetricsFromTail';
import type { QueueMetrics } from './types';
import { requireNonNegative, requireNonNegativeInteger } from './validate';

/** One interval of phone-like traffic: contacts offered in the interval and their handle time. */
export interface CallTraffic {
	/** Contacts offered in the interval (a forecast, may be fractional), ≥ 0. */
	arrivals: number;
	/** Interval length in seconds, e.g. 1800 for 30 minutes. */
	intervalSec: number;
	/** Average handle time in seconds (talk + after-contact work). */
	ahtSec: number;
}

export interface ErlangCInput extends CallTraffic {
	agents: number;
	thresholdSec: number;
}

/**
 * All Erlang C (M/M/N, FCFS, no abandonment) figures for one interval from a single Erlang B
 * recursion: P(wait) = C = N·B/(N − A(1 − B)); SL(t) = 1 − C·e^{−(N−A)t/AHT};
 * ASA = C·AHT/(N − A); occupancy = A/N (Erlang 1917; Gans, Koole & Mandelbaum 2003, §4.1).
 *
 * N ≤ A (and A > 0): no steady state — `stable: false`, pWait 1, service level 0, ASA null,
 * occupancy 1. A = 0: nobody waits, service level 1, occupancy 0.
 *
 * @throws when arrivals/thresholdSec are negative, intervalSec/ahtSec not > 0, or agents is not
 *   a non-negative integer
 * @example evaluateErlangC({ arrivals: 100, intervalSec: 1800, ahtSec: 180, agents: 14,
 *   thresholdSec: 20 }).serviceLevel // ≈ 0.888
 */
export function evaluateErlangC(input: ErlangCInput): QueueMetrics {
	const { agents, thresholdSec, ahtSec } = input;
	requireNonNegativeInteger('evaluateErlangC', 'agents', agents);
	requireNonNegative('evaluateErlangC', 'thresholdSec', thresholdSec);
	const load = offeredLoadErlangs(input.arrivals, input.intervalSec, ahtSec);
	return erlangCMetrics(agents, load, ahtSec, thresholdSec, erlangB(agents, load));
}

/**
 * Erlang C metrics given B(N, A) already computed (the required-agents scan carries B along).
 * Arguments are assumed valid.
 */
export function erlangCMetrics(
	agents: number,
	load: number,
	ahtSec: number,
	thresholdSec: number,
	blocking: number
): QueueMetrics {
	const base = { model: 'erlang-c' as const, agents, offeredLoadErlangs: load, thresholdSec, pAbandon: 0 };
	if (load === 0) return idleQueueMetrics(base);
	if (agents <= load) return unstableQueueMetrics(base);
	const c = erlangCFromB(agents, load, blocking);
	const gap = agents - load;
	const sl = 1 - c * Math.exp((-gap * thresholdSec) / ahtSec);
	const asaSec = (c * ahtSec) / gap;
	return {
		...base,
		stable: true,
		pWait: c,
		serviceLevel: sl,
		serviceLevelOfAnswered: sl,
		serviceLevelExcludingEarlyAbandons: sl,
		asaSec,
		meanWaitSec: asaSec,
		occupancy: load / agents
	};
}
