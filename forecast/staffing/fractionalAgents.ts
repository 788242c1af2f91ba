import { failingConstraints, serviceLevelOn, type ResolvedTargets } from './targets';
import type { BindingConstraint, QueueMetrics } from './types';

/** Position of `target` between v0 (at N−1) and v1 (at N), clamped to (0, 1]. */
function share(v0: number, v1: number, target: number): number {
	if (v1 === v0) return 1;
	const s = (target - v0) / (v1 - v0);
	return Math.min(1, Math.max(Number.EPSILON, s));
}

/**
 * Fractional agents needed by one constraint that fails at N − 1 agents and holds at N, by linear
 * interpolation of that constraint's metric between N − 1 and N (the usual planner's convention,
 * e.g. the fractional-agent option of Erlang calculators; it is not a queueing result, since a
 * queue has whole agents).
 *
 * ASA with an unstable queue at N − 1 (infinite ASA) interpolates the answer speed 1/ASA instead,
 * from 0 at N − 1: f = N − 1 + ASA(N)/target. Stability alone gives N.
 *
 * @returns a number in (N − 1, N]
 * @example fractionalRequirement(metricsAt39, metricsAt40, 'occupancy', targets) // ≈ 39.22
 */
export function fractionalRequirement(
	prev: QueueMetrics,
	curr: QueueMetrics,
	constraint: BindingConstraint,
	t: ResolvedTargets
): number {
	const n = curr.agents;
	switch (constraint) {
		case 'serviceLevel':
			return (
				n -
				1 +
				share(serviceLevelOn(prev, t.serviceLevelBasis), serviceLevelOn(curr, t.serviceLevelBasis), t.serviceLevelTarget ?? 0)
			);
		case 'asa': {
			const target = t.maxAsaSec ?? Infinity;
			const a1 = curr.asaSec ?? 0;
			if (prev.asaSec === null) return n - 1 + Math.min(1, Math.max(Number.EPSILON, a1 / target));
			return n - 1 + share(prev.asaSec, a1, target);
		}
		case 'occupancy':
			return n - 1 + share(prev.occupancy, curr.occupancy, t.maxOccupancy ?? 1);
		case 'abandonment':
			return n - 1 + share(prev.pAbandon, curr.pAbandon, t.maxAbandonFraction ?? 1);
		default:
			return n;
	}
}

/**
 * Which constraint set the required N (the one failing at N − 1 with the largest fractional
 * requirement; stability only when no target fails) and the fractional requirement max over the
 * failing constraints. `prev` is the evaluation at N − 1, null when N = 0.
 *
 * @example bindingAndFractional(at13, at14, targets) // { bindingConstraint: 'serviceLevel', fractionalAgents: 13.… }
 */
export function bindingAndFractional(
	prev: QueueMetrics | null,
	curr: QueueMetrics,
	t: ResolvedTargets
): { bindingConstraint: BindingConstraint; fractionalAgents: number } {
	const failing = prev === null ? [] : failingConstraints(prev, t);
	if (prev === null || failing.length === 0) {
		// Nothing fails one agent lower: N is 0 for an empty interval, the caller's floor, or the
		// one agent any load needs (with patience, 0 agents would "meet" an occupancy cap).
		const n = curr.agents;
		const binding: BindingConstraint = n === 0 ? 'none' : n <= t.minAgents ? 'minAgents' : 'stability';
		return { bindingConstraint: binding, fractionalAgents: n };
	}
	const targetsFailing = failing.filter((c) => c !== 'stability');
	if (targetsFailing.length === 0) return { bindingConstraint: 'stability', fractionalAgents: curr.agents };
	let best: BindingConstraint = targetsFailing[0];
	let bestF = -Infinity;
	for (const c of targetsFailing) {
		const f = fractionalRequirement(prev, curr, c, t);
		if (f > bestF) {
			bestF = f;
			best = c;
		}
	}
	return { bindingConstraint: best, fractionalAgents: Math.max(bestF, t.minAgents) };
}
