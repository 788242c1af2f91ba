import { requireFractionBelowOne, requireNonNegative } from './validate';

/**
 * Agents to schedule so that `agents` are available after shrinkage (breaks, meetings, training,
 * absence): scheduled = ⌈agents / (1 − shrinkage)⌉ (standard WFM gross-up, e.g. Cleveland,
 * "Call Center Management on Fast Forward", 3rd ed., ch. 6). A relative 1e-12 is taken off
 * before rounding up so that floating-point noise (14 / 0.7 = 20.000000000000004) does not add
 * an agent.
 *
 * @param agents required available agents (≥ 0, integer or fractional)
 * @param shrinkageFraction fraction of paid time not available for contacts, in [0, 1)
 * @throws when agents is negative or shrinkage is outside [0, 1)
 * @example scheduledAgents(14, 0.3) // 20
 */
export function scheduledAgents(agents: number, shrinkageFraction: number): number {
	requireNonNegative('scheduledAgents', 'agents', agents);
	requireFractionBelowOne('scheduledAgents', 'shrinkageFraction', shrinkageFraction);
	const gross = agents / (1 - shrinkageFraction);
	return Math.ceil(gross * (1 - 1e-12));
}

/**
 * Fractional gross-up without rounding, agents / (1 − shrinkage), for planners who sum
 * fractional requirements across intervals or skills before rounding.
 *
 * @throws when agents is negative or shrinkage is outside [0, 1)
 * @example scheduledFractionalAgents(13.5, 0.25) // 18
 */
export function scheduledFractionalAgents(agents: number, shrinkageFraction: number): number {
	requireNonNegative('scheduledFractionalAgents', 'agents', agents);
	requireFractionBelowOne('scheduledFractionalAgents', 'shrinkageFraction', shrinkageFraction);
	return agents / (1 - shrinkageFraction);
}
