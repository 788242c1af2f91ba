import { logGamma } from './logGamma';
import { requireNonNegative, requirePositive } from './validate';

/*
 * Regularized incomplete gamma functions in log space, after Numerical Recipes (Press et al.,
 * 3rd ed. 2007, §6.2: series `gser` for x < a + 1, Lentz continued fraction `gcf` for x ≥ a + 1).
 * Working in logs keeps P, Q and the Erlang A function finite where the plain values would
 * underflow or overflow: with a ≈ x ≈ 3 000 (an Erlang A model of 2 000 agents), e^{-x} x^a / Γ(a)
 * is far outside double range while ln P is an ordinary number.
 *
 * Both kernels converge in O(√a) iterations near the diagonal x ≈ a and faster elsewhere.
 */

const EPS = 1e-16;
const CF_EPS = 1e-15;
const FPMIN = 1e-300;
/** Far above the O(√a) iterations any staffing problem needs (a ≤ 1e10); guards an endless loop. */
const MAX_ITER = 10_000_000;

/** Σ_{k≥0} x^k / ((a+1)(a+2)…(a+k)); converges geometrically for x < a + 1. */
function lowerSeries(a: number, x: number): number {
	let sum = 1;
	let term = 1;
	let ap = a;
	for (let i = 0; i < MAX_ITER; i++) {
		ap += 1;
		term *= x / ap;
		sum += term;
		if (term < sum * EPS) return sum;
	}
	throw new Error(`incompleteGamma: series did not converge for a=${a}, x=${x}`);
}

/** ln Q(a, x) by the modified Lentz continued fraction (NR `gcf`); use for x ≥ a + 1. */
function logUpperContinuedFraction(a: number, x: number): number {
	let b = x + 1 - a;
	let c = 1 / FPMIN;
	let d = 1 / b;
	let h = d;
	for (let i = 1; i < MAX_ITER; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = b + an / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < CF_EPS) return -x + a * Math.log(x) - logGamma(a) + Math.log(h);
	}
	throw new Error(`incompleteGamma: continued fraction did not converge for a=${a}, x=${x}`);
}

/**
 * ln P(a, x), the log of the regularized lower incomplete gamma function
 * P(a, x) = γ(a, x) / Γ(a) = (1/Γ(a)) ∫₀ˣ t^{a−1} e^{−t} dt (Abramowitz & Stegun 6.5.1).
 *
 * Series (NR eq. 6.2.5) for x < a + 1: P = e^{−x} x^a / Γ(a+1) · Σ_k x^k / ((a+1)…(a+k));
 * otherwise ln(1 − Q) with Q from the continued fraction (NR eq. 6.2.7).
 *
 * @throws when a is not > 0 or x is not ≥ 0 (both finite)
 * @example Math.exp(logRegularizedLowerGamma(1, 2)) // 1 − e^{−2} ≈ 0.8646647167633873
 */
export function logRegularizedLowerGamma(a: number, x: number): number {
	requirePositive('logRegularizedLowerGamma', 'a', a);
	requireNonNegative('logRegularizedLowerGamma', 'x', x);
	if (x === 0) return -Infinity;
	if (x < a + 1) return -x + a * Math.log(x) - logGamma(a + 1) + Math.log(lowerSeries(a, x));
	return Math.log1p(-Math.exp(logUpperContinuedFraction(a, x)));
}

/**
 * ln Q(a, x), the log of the regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x)
 * = Γ(a, x) / Γ(a) (Abramowitz & Stegun 6.5.3); continued fraction for x ≥ a + 1 (NR eq. 6.2.7),
 * ln(1 − P) with the series below.
 *
 * @throws when a is not > 0 or x is not ≥ 0 (both finite)
 * @example Math.exp(logRegularizedUpperGamma(1, 2)) // e^{−2} ≈ 0.1353352832366127
 */
export function logRegularizedUpperGamma(a: number, x: number): number {
	requirePositive('logRegularizedUpperGamma', 'a', a);
	requireNonNegative('logRegularizedUpperGamma', 'x', x);
	if (x === 0) return 0;
	if (x < a + 1) {
		const logP = -x + a * Math.log(x) - logGamma(a + 1) + Math.log(lowerSeries(a, x));
		return Math.log1p(-Math.exp(logP));
	}
	return logUpperContinuedFraction(a, x);
}

/**
 * ln A(x, y) for the Erlang A function of Mandelbaum & Zeltyn ("The M/M/n+G queue: summary of
 * performance measures", Technion note, 2005/2009, §4; Garnett, Mandelbaum & Reiman 2002, eq. 3.4):
 *
 *   A(x, y) = x e^y y^{−x} γ(x, y) = Γ(x+1) e^y y^{−x} P(x, y) = Σ_{k≥0} y^k / ((x+1)(x+2)…(x+k)).
 *
 * The last form is the sum of the stationary probabilities of the queueing states of an M/M/n+M
 * queue relative to the state "all n busy, nobody waiting", with x = nμ/θ and y = λ/θ. It is
 * summed directly when y < x + 1 (no cancellation at all) and taken from the continued fraction
 * otherwise, where P is close to 1.
 *
 * @throws when x is not > 0 or y is not ≥ 0 (both finite)
 * @example Math.exp(logErlangAFunction(1, 1)) // Σ_k 1/(k+1)! = e − 1 ≈ 1.718281828
 */
export function logErlangAFunction(x: number, y: number): number {
	requirePositive('logErlangAFunction', 'x', x);
	requireNonNegative('logErlangAFunction', 'y', y);
	if (y === 0) return 0;
	if (y < x + 1) return Math.log(lowerSeries(x, y));
	const q = Math.exp(logUpperContinuedFraction(x, y));
	return logGamma(x + 1) + y - x * Math.log(y) + Math.log1p(-q);
}
