import { erlangC } from './erlangC';
import { requireNonNegative, requireNonNegativeInteger, requirePositive } from './validate';

/**
 * Erlang C average speed of answer (mean wait in queue of all contacts, every one of which is
 * answered): ASA = C(N, A)·AHT / (N − A) (Gans, Koole & Mandelbaum 2003, §4.1; Cooper 1981,
 * eq. 3.1.23).
 *
 * @param agents N (integer ≥ 0)
 * @param offeredLoadErlangs A (≥ 0)
 * @param ahtSec average handle time in seconds (> 0)
 * @returns seconds; Infinity when N ≤ A (unstable queue), 0 when A = 0
 * @throws when an argument is out of range
 * @example erlangCAsaSec(14, 10, 180) // ≈ 7.8 s
 */
export function erlangCAsaSec(agents: number, offeredLoadErlangs: number, ahtSec: number): number {
	requirePositive('erlangCAsaSec', 'ahtSec', ahtSec);
	requireNonNegativeInteger('erlangCAsaSec', 'agents', agents);
	requireNonNegative('erlangCAsaSec', 'offeredLoadErlangs', offeredLoadErlangs);
	if (offeredLoadErlangs === 0) return 0;
	if (agents <= offeredLoadErlangs) return Infinity;
	return (erlangC(agents, offeredLoadErlangs) * ahtSec) / (agents - offeredLoadErlangs);
}
