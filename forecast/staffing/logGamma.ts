import { requirePositive } from './validate';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Natural log of the gamma function, ln Γ(x), for x > 0.
 *
 * For x ≥ 10 the Stirling series (Abramowitz & Stegun 6.1.41) with terms up to z⁻¹³; its
 * truncation error there is below 1e-16. Smaller x are shifted up with Γ(x) = Γ(x + k) / (x(x+1)…(x+k−1)).
 * This is more accurate for large x than the 6-term Lanczos form of Numerical Recipes §6.1, which
 * matters because Erlang A evaluates ln Γ near nμ/θ ≈ thousands and then subtracts terms of
 * similar size.
 *
 * @throws when x is not a finite number > 0
 * @example logGamma(5) // ln 24 ≈ 3.1780538303479458
 */
export function logGamma(x: number): number {
	requirePositive('logGamma', 'x', x);
	let shift = 0;
	let z = x;
	if (z < 10) {
		let product = 1;
		while (z < 10) {
			product *= z;
			z += 1;
		}
		shift = Math.log(product);
	}
	const inv = 1 / z;
	const inv2 = inv * inv;
	// Bernoulli-number coefficients B_{2k} / (2k(2k−1)).
	const series =
		inv *
		(1 / 12 +
			inv2 *
				(-1 / 360 +
					inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156)))))));
	return (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + series - shift;
}
