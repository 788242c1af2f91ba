import { requireNonNegative, requireOpenFraction } from './validate';

/**
 * Smallest number of lines (trunks, or agents in a pure-loss system) N with Erlang B blocking
 * B(N, A) ≤ target. Runs the recursion of {@link erlangB} upward once, O(N).
 *
 * Published check: 10 Erlangs at 2 % blocking → 17 lines (standard Erlang B table, e.g.
 * Cooper, "Introduction to Queueing Theory", 2nd ed., Table; any Erlang B calculator).
 *
 * @param offeredLoadErlangs A ≥ 0
 * @param maxBlockingFraction target blocking probability, strictly between 0 and 1
 * @throws when the load is negative or the target is not in (0, 1)
 * @example requiredLines(10, 0.02) // 17
 */
export function requiredLines(offeredLoadErlangs: number, maxBlockingFraction: number): number {
	requireNonNegative('requiredLines', 'offeredLoadErlangs', offeredLoadErlangs);
	requireOpenFraction('requiredLines', 'maxBlockingFraction', maxBlockingFraction);
	let b = 1;
	let n = 0;
	// B(N) falls below any positive target by N ≈ A + O(√A·ln): the guard only stops a runaway loop.
	const limit = 10 * offeredLoadErlangs + 10_000;
	while (b > maxBlockingFraction) {
		n += 1;
		if (n > limit) throw new Error(`requiredLines: no N ≤ ${limit} reaches blocking ${maxBlockingFraction}`);
		const ab = offeredLoadErlangs * b;
		b = ab / (n + ab);
	}
	return n;
}
