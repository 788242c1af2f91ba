import { requireNonNegative, requirePositive } from './validate';

/**
 * Offered load in Erlangs: the average number of contacts that would be in service if every one
 * were answered at once, A = λ · AHT = arrivals · ahtSec / intervalSec (Erlang 1917; any
 * call-centre text, e.g. Koole, "Call Center Optimization", 2013, §3.2).
 *
 * @param arrivals contacts offered in the interval (≥ 0, may be fractional: it is a forecast)
 * @param intervalSec interval length in seconds (> 0)
 * @param ahtSec average handle time in seconds (> 0)
 * @throws when an argument is negative, zero where it must be positive, or not finite
 * @example offeredLoadErlangs(100, 1800, 180) // 10
 */
export function offeredLoadErlangs(arrivals: number, intervalSec: number, ahtSec: number): number {
	requireNonNegative('offeredLoadErlangs', 'arrivals', arrivals);
	requirePositive('offeredLoadErlangs', 'intervalSec', intervalSec);
	requirePositive('offeredLoadErlangs', 'ahtSec', ahtSec);
	return (arrivals * ahtSec) / intervalSec;
}
