import { requireNonNegative, requireNonNegativeInteger } from './validate';

/** Below this, B is continued in log space so that it never underflows to 0. */
const UNDERFLOW_GUARD = 1e-280;

function check(fn: string, agents: number, offeredLoadErlangs: number): void {
	requireNonNegativeInteger(fn, 'agents', agents);
	requireNonNegative(fn, 'offeredLoadErlangs', offeredLoadErlangs);
}

/**
 * Erlang B blocking probability B(N, A) of an M/M/N/N loss system (Erlang 1917), computed by the
 * stable recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)) (Jagerman 1974; Koole, "Call Center
 * Optimization", §3.3). No factorials or powers, so it stays exact to rounding at 20 000+ servers;
 * cost O(N).
 *
 * @param agents N, servers/lines (integer ≥ 0)
 * @param offeredLoadErlangs A = λ·AHT (≥ 0)
 * @returns B in [0, 1] (may underflow to 0 when N ≫ A; use {@link logErlangB} then)
 * @throws when agents is not a non-negative integer or the load is negative / not finite
 * @example erlangB(17, 10) // ≈ 0.01289 (10 Erlangs need 17 lines for ≤ 2 % blocking)
 */
export function erlangB(agents: number, offeredLoadErlangs: number): number {
	check('erlangB', agents, offeredLoadErlangs);
	let b = 1;
	for (let n = 1; n <= agents; n++) {
		const ab = offeredLoadErlangs * b;
		b = ab / (n + ab);
	}
	return b;
}

/**
 * ln B(N, A), the log of the Erlang B blocking probability, finite even where B underflows
 * (N ≫ A, e.g. 2 000 agents for 100 Erlangs). Same recursion as {@link erlangB}; once B drops
 * below 1e-280 it continues as ln B(n) = ln A + ln B(n−1) − ln(n + A·B(n−1)).
 *
 * @returns ln B, or −Infinity when A = 0 and N > 0
 * @throws when agents is not a non-negative integer or the load is negative / not finite
 * @example logErlangB(2000, 100) // ≈ −3 700 (B ≈ e^{−3700}, far below double range)
 */
export function logErlangB(agents: number, offeredLoadErlangs: number): number {
	check('logErlangB', agents, offeredLoadErlangs);
	if (agents === 0) return 0;
	if (offeredLoadErlangs === 0) return -Infinity;
	let b = 1;
	let n = 1;
	for (; n <= agents; n++) {
		const ab = offeredLoadErlangs * b;
		b = ab / (n + ab);
		if (b < UNDERFLOW_GUARD) break;
	}
	if (n >= agents) return Math.log(b);
	let logB = Math.log(b);
	const logA = Math.log(offeredLoadErlangs);
	for (n += 1; n <= agents; n++) {
		logB = logA + logB - Math.log(n + offeredLoadErlangs * Math.exp(logB));
	}
	return logB;
}
