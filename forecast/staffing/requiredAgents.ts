import { bindingAndFractional } from './fractionalAgents';
import { scheduledAgents, scheduledFractionalAgents } from './shrinkage';
import { meetsTargets, type ResolvedTargets } from './targets';
import type { QueueMetrics, StaffingResult } from './types';

/** No contact centre interval needs more agents; stops a search whose target cannot be met. */
const MAX_AGENTS = 10_000_000;

/**
 * Smallest integer N ≥ lowerBound with `ok(N)`, for a predicate that is false then true as N
 * grows (every staffing metric improves with agents). Gallops from `guess` (up, or down while
 * still true), then bisects: O(log distance) evaluations.
 *
 * @throws when no N ≤ 10 000 000 satisfies the predicate
 */
export function smallestSatisfying(ok: (n: number) => boolean, lowerBound: number, guess: number, step0: number): number {
	let step = Math.max(1, Math.ceil(step0));
	const g = Math.max(lowerBound, Math.round(guess));
	let lo: number;
	let hi: number;
	if (ok(g)) {
		hi = g;
		lo = lowerBound - 1;
		while (hi > lowerBound) {
			const cand = Math.max(lowerBound, hi - step);
			if (ok(cand)) {
				hi = cand;
				step *= 2;
			} else {
				lo = cand;
				break;
			}
		}
	} else {
		lo = g;
		for (;;) {
			const cand = lo + step;
			if (cand > MAX_AGENTS) throw new Error(`no agent count up to ${MAX_AGENTS} meets the targets`);
			if (ok(cand)) {
				hi = cand;
				break;
			}
			lo = cand;
			step *= 2;
		}
	}
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (ok(mid)) hi = mid;
		else lo = mid;
	}
	return hi;
}

/**
 * Assembles a StaffingResult from the evaluations at N and N − 1: binding constraint, fractional
 * agents (interpolated on the binding metric), scheduled agents after shrinkage.
 */
export function staffingResult<M extends QueueMetrics>(
	curr: M,
	prev: QueueMetrics | null,
	t: ResolvedTargets
): StaffingResult<M> {
	const { bindingConstraint, fractionalAgents } = bindingAndFractional(prev, curr, t);
	return {
		...curr,
		fractionalAgents,
		scheduledAgents: scheduledAgents(curr.agents, t.shrinkageFraction),
		scheduledFractionalAgents: scheduledFractionalAgents(fractionalAgents, t.shrinkageFraction),
		shrinkageFraction: t.shrinkageFraction,
		bindingConstraint,
		serviceLevelBasis: t.serviceLevelBasis
	};
}

/**
 * Generic required-agents solver for models whose metrics improve monotonically with agents
 * (Erlang A, the chat models): the smallest N ≥ lowerBound meeting every target, found by
 * galloping from `guess` and bisection, then reported with {@link staffingResult}.
 *
 * @param fn caller name for error messages
 * @param evaluate metrics at N agents
 * @param lowerBound no N below this can qualify (at least 1 when there is load: 0 agents would
 *   "meet" an occupancy cap)
 * @param guess a starting point near the answer, e.g. the offered load
 * @throws when no N ≤ 10 000 000 meets the targets
 */
export function solveRequiredAgents<M extends QueueMetrics>(
	fn: string,
	evaluate: (agents: number) => M,
	t: ResolvedTargets,
	lowerBound: number,
	guess: number
): StaffingResult<M> {
	const lb = Math.max(lowerBound, t.minAgents);
	let n: number;
	try {
		n = smallestSatisfying((k) => meetsTargets(evaluate(k), t), lb, guess, Math.sqrt(Math.max(1, guess)) / 2);
	} catch (err) {
		throw new Error(`${fn}: ${(err as Error).message}`);
	}
	const curr = evaluate(n);
	const prev = n > 0 ? evaluate(n - 1) : null;
	return staffingResult(curr, prev, t);
}
