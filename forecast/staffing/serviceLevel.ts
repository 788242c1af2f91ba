import { erlangC } from './erlangC';
import { requireNonNegative, requireNonNegativeInteger, requirePositive } from './validate';

/**
 * Erlang C service level: share of contacts answered within `thresholdSec`,
 * SL(t) = 1 − C(N, A)·exp(−(N − A)·t / AHT) (Gans, Koole & Mandelbaum 2003, "Telephone call
 * centers: tutorial, review and research prospects", MSOM 5(2), eq. 2; exact for FCFS M/M/N).
 *
 * Returns 0 when N ≤ A (unstable queue: the waiting time grows without bound) and 1 when A = 0.
 *
 * @param agents N (integer ≥ 0)
 * @param offeredLoadErlangs A (≥ 0)
 * @param ahtSec average handle time in seconds (> 0)
 * @param thresholdSec the service-level threshold t in seconds (≥ 0), e.g. 20 for 80/20
 * @returns a fraction in [0, 1]
 * @throws when an argument is out of range (see the names in the message)
 * @example erlangCServiceLevel(14, 10, 180, 20) // ≈ 0.888 (classic 100 calls / 30 min example)
 */
export function erlangCServiceLevel(
	agents: number,
	offeredLoadErlangs: number,
	ahtSec: number,
	thresholdSec: number
): number {
	requirePositive('erlangCServiceLevel', 'ahtSec', ahtSec);
	requireNonNegative('erlangCServiceLevel', 'thresholdSec', thresholdSec);
	requireNonNegativeInteger('erlangCServiceLevel', 'agents', agents);
	requireNonNegative('erlangCServiceLevel', 'offeredLoadErlangs', offeredLoadErlangs);
	if (offeredLoadErlangs === 0) return 1;
	if (agents <= offeredLoadErlangs) return 0;
	const c = erlangC(agents, offeredLoadErlangs);
	return 1 - c * Math.exp((-(agents - offeredLoadErlangs) * thresholdSec) / ahtSec);
}
