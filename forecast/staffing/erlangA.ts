import { evaluateQueueTail } from './abandonmentTail';
import { logErlangB } from './erlangB';
import type { CallTraffic } from './evaluateErlangC';
import { offeredLoadErlangs } from './offeredLoad';
import { idleQueueMetrics, queueMetricsFromTail, unstaffedQueueMetrics } from './queueMetricsFromTail';
import type { QueueMetrics } from './types';
import { requireNonNegative, requireNonNegativeInteger } from './validate';

export interface ErlangAInput extends CallTraffic {
	/** Mean patience in seconds (exponential); Infinity means nobody abandons (→ Erlang C). */
	patienceSec: number;
	agents: number;
	thresholdSec: number;
}

/** @throws unless patienceSec is > 0 (Infinity allowed). */
export function requirePatience(fn: string, patienceSec: number): void {
	if (typeof patienceSec !== 'number' || Number.isNaN(patienceSec) || patienceSec <= 0) {
		throw new Error(`${fn}: patienceSec must be a number > 0 (Infinity for no abandonment), got ${patienceSec}`);
	}
}

/**
 * Erlang A (M/M/N+M: Poisson arrivals, exponential service and exponential patience, FCFS) —
 * exact steady-state figures, valid in overload (N ≤ A) because abandonment keeps the queue
 * stable (Palm 1943; Garnett, Mandelbaum & Reiman 2002, "Designing a call center with impatient
 * customers", MSOM 4(3); Mandelbaum & Zeltyn, "The M/M/n+G queue: summary of performance
 * measures", §4).
 *
 * With x = Nμ/θ = N·patience/AHT, y = λ/θ and the Erlang A function A(x, y) = Σ_k y^k/((x+1)…(x+k)):
 * - P(wait) = A(x,y)·B / (1 − B + A(x,y)·B), B = Erlang B(N, λ/μ);
 * - P(abandon) = θ·E[queue]/λ; occupancy = (λ/μ)(1 − P(abandon))/N;
 * - serviceLevel = P(answered within t) over all arrivals (the definition that reproduces the
 *   published vector λ = 100/30 min⁻¹, AHT 3 min, patience 5 min, N = 14, t = 20 s →
 *   P(wait) 0.14526, P(abandon) 0.013984, occupancy 0.704297, SL 0.916792), plus the same count
 *   over answered contacts and over answered + abandoned after t;
 * - asaSec = mean wait of answered contacts; meanWaitSec = E[min(V, patience)] = P(abandon)/θ.
 * The incomplete gamma parts are evaluated in log space (Numerical Recipes §6.2), so N in the
 * thousands costs well under a millisecond. Patience → ∞ converges to Erlang C.
 *
 * @throws when an argument is out of range (the message names it)
 * @example evaluateErlangA({ arrivals: 100, intervalSec: 1800, ahtSec: 180, patienceSec: 300,
 *   agents: 14, thresholdSec: 20 }).pAbandon // ≈ 0.013984
 */
export function evaluateErlangA(input: ErlangAInput): QueueMetrics {
	const { agents, thresholdSec, ahtSec, patienceSec } = input;
	requireNonNegativeInteger('evaluateErlangA', 'agents', agents);
	requireNonNegative('evaluateErlangA', 'thresholdSec', thresholdSec);
	requirePatience('evaluateErlangA', patienceSec);
	const load = offeredLoadErlangs(input.arrivals, input.intervalSec, ahtSec);
	const base = { model: 'erlang-a' as const, agents, offeredLoadErlangs: load, thresholdSec };
	if (load === 0) return idleQueueMetrics(base);
	const theta = Number.isFinite(patienceSec) ? 1 / patienceSec : 0;
	if (agents === 0) return unstaffedQueueMetrics(base, patienceSec);
	const logB = logErlangB(agents, load);
	const logLowerMass = Math.log1p(-Math.exp(logB)) - logB;
	const tail = evaluateQueueTail({
		logLowerMass,
		fullRatePerSec: agents / ahtSec,
		arrivalRatePerSec: input.arrivals / input.intervalSec,
		abandonRatePerSec: theta,
		thresholdSec
	});
	return queueMetricsFromTail(base, tail, load * (1 - tail.pAbandon));
}
