import { requireNonNegative, requireNonNegativeInteger } from './validate';

/**
 * Agent occupancy of a queue in which every contact is eventually answered (Erlang C):
 * occupancy = A / N, the share of logged-in agent time spent handling (domain.md: 占用率).
 * Capped at 1: when N ≤ A the queue is unstable and agents are busy all the time. 0 agents → 0.
 *
 * With abandonment the carried load is smaller, occupancy = A·(1 − P(abandon)) / N; Erlang A and
 * the chat model compute that themselves.
 *
 * @throws when agents is not a non-negative integer or the load is negative / not finite
 * @example erlangCOccupancy(40, 1000 * 120 / 3600) // ≈ 0.8333
 */
export function erlangCOccupancy(agents: number, offeredLoadErlangs: number): number {
	requireNonNegativeInteger('erlangCOccupancy', 'agents', agents);
	requireNonNegative('erlangCOccupancy', 'offeredLoadErlangs', offeredLoadErlangs);
	if (agents === 0) return 0;
	return Math.min(1, offeredLoadErlangs / agents);
}
