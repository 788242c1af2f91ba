import { evaluateErlangA, requirePatience } from './erlangA';
import type { CallTraffic } from './evaluateErlangC';
import { offeredLoadErlangs } from './offeredLoad';
import { solveRequiredAgents } from './requiredAgents';
import { resolveTargets } from './targets';
import type { StaffingResult, StaffingTargets } from './types';

/**
 * Required agents for one interval under Erlang A (M/M/N+M, exponential patience): the smallest
 * N meeting every given target — service level (on the chosen basis) ≥ target at thresholdSec,
 * ASA of answered contacts ≤ maxAsaSec, P(abandon) ≤ maxAbandonFraction, occupancy
 * A(1 − P(abandon))/N ≤ maxOccupancy — with scheduled agents after shrinkage, fractional agents
 * and the binding constraint. All Erlang A measures improve with N (Garnett, Mandelbaum & Reiman
 * 2002, §4), so the solver gallops from A and bisects: about 2·log₂(√A) evaluations of
 * {@link evaluateErlangA}.
 *
 * @param traffic arrivals per interval, interval length, AHT, and the mean patience in seconds
 * @throws when an argument or target is out of range, or no target is given
 * @example requiredAgentsErlangA({ arrivals: 100, intervalSec: 1800, ahtSec: 180, patienceSec: 300 },
 *   { thresholdSec: 20, serviceLevelTarget: 0.8, maxAbandonFraction: 0.02 })
 */
export function requiredAgentsErlangA(
	traffic: CallTraffic & { patienceSec: number },
	targets: StaffingTargets
): StaffingResult {
	const fn = 'requiredAgentsErlangA';
	requirePatience(fn, traffic.patienceSec);
	const t = resolveTargets(fn, targets, Number.isFinite(traffic.patienceSec));
	const load = offeredLoadErlangs(traffic.arrivals, traffic.intervalSec, traffic.ahtSec);
	const evaluate = (agents: number) => evaluateErlangA({ ...traffic, agents, thresholdSec: t.thresholdSec });
	// Without patience an N ≤ A never qualifies (unstable queue); with it any N ≥ 1 may.
	const lowerBound = load === 0 ? 0 : Number.isFinite(traffic.patienceSec) ? 1 : Math.floor(load) + 1;
	return solveRequiredAgents(fn, evaluate, t, lowerBound, Math.ceil(load));
}
