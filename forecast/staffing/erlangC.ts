import { erlangB } from './erlangB';
import { requireNonNegative, requireNonNegativeInteger } from './validate';

/**
 * Erlang C from Erlang B without factorials: C(N, A) = N·B / (N − A·(1 − B)), B = B(N, A)
 * (Cooper, "Introduction to Queueing Theory", 2nd ed., eq. 3.1.19; Koole, "Call Center
 * Optimization", §3.3). Used by every Erlang C function here so that they all agree.
 *
 * @param blocking B(N, A) from {@link erlangB}
 * @returns C in [0, 1]; 1 when N ≤ A (the queue is unstable: every arrival waits)
 */
export function erlangCFromB(agents: number, offeredLoadErlangs: number, blocking: number): number {
	if (offeredLoadErlangs === 0) return 0;
	if (agents <= offeredLoadErlangs) return 1;
	return (agents * blocking) / (agents - offeredLoadErlangs * (1 - blocking));
}

/**
 * Erlang C probability of waiting, P(W > 0), of an M/M/N queue with offered load A Erlangs
 * (Erlang 1917). Computed from the stable Erlang B recursion, C = N·B / (N − A(1 − B)), so it is
 * correct at 20 000+ agents.
 *
 * Guard: when N ≤ A the queue has no steady state (it grows without bound); C is then 1 and the
 * other Erlang C measures report the limit (service level 0, ASA infinite).
 *
 * @param agents N (integer ≥ 0)
 * @param offeredLoadErlangs A = λ·AHT (≥ 0)
 * @throws when agents is not a non-negative integer or the load is negative / not finite
 * @example erlangC(11, 10) // ≈ 0.6821 (100 calls / 30 min, AHT 180 s)
 */
export function erlangC(agents: number, offeredLoadErlangs: number): number {
	requireNonNegativeInteger('erlangC', 'agents', agents);
	requireNonNegative('erlangC', 'offeredLoadErlangs', offeredLoadErlangs);
	if (offeredLoadErlangs === 0) return 0;
	if (agents <= offeredLoadErlangs) return 1;
	return erlangCFromB(agents, offeredLoadErlangs, erlangB(agents, offeredLoadErlangs));
}
