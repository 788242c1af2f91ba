/**
 * Seeded randomness for tests whose expected numbers come from a generator's own expectation
 * (never from the code under test): the same seed gives the same draws on every machine.
 */

/** mulberry32: a small 32-bit seeded PRNG (Tommy Ettinger, public domain), uniform on [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Poisson draws from a seeded stream: Knuth's product-of-uniforms method below a mean of 30, the
 * normal approximation (Box–Muller, rounded, floored at 0) above it — adequate for these tests.
 */
export function poissonSampler(seed: number): (lambda: number) => number {
	const rnd = mulberry32(seed);
	return (lambda: number) => {
		if (lambda <= 0) return 0;
		if (lambda < 30) {
			const L = Math.exp(-lambda);
			let k = 0;
			let p = 1;
			do {
				k++;
				p *= rnd();
			} while (p > L);
			return k - 1;
		}
		const u1 = rnd() || 1e-12;
		const u2 = rnd();
		return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)));
	};
}
