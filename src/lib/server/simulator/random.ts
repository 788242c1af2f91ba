/**
 * Seeded randomness for the simulator and the backfill. Nothing here reads the clock or
 * Math.random: a run is a pure function of its seed, so tests and resumed backfills reproduce it.
 */

/**
 * splitmix32 step (Vigna's SplitMix adapted to 32 bits, as used to seed the xoshiro family):
 * turns any integer into a well-mixed 32-bit value. Also our integer hash.
 */
export function mix32(x: number): number {
	let z = (x + 0x9e3779b9) | 0;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return (z ^ (z >>> 16)) >>> 0;
}

/** Hash of a list of integers to [0, 1): deterministic "noise" keyed by (seed, day, channel, …). */
export function hashUnit(...keys: number[]): number {
	let h = 0x12345678;
	for (const k of keys) h = mix32(h ^ mix32(k | 0) ^ Math.imul((k / 4294967296) | 0, 0x27d4eb2d));
	return h / 4294967296;
}

/** Standard normal from two hashed uniforms (Box–Muller), keyed like {@link hashUnit}. */
export function hashNormal(...keys: number[]): number {
	const u1 = Math.max(hashUnit(...keys, 1), 1e-12);
	const u2 = hashUnit(...keys, 2);
	return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counter, PractRand-tested), seeded through splitmix32.
 * Period ≥ 2^32; plenty for a simulated day or a backfill chunk.
 */
export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;
	private spare: number | null = null;

	constructor(seed: number, stream = 0) {
		if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
		this.a = mix32(seed ^ 0x6a09e667);
		this.b = mix32(this.a ^ stream);
		this.c = mix32(this.b ^ 0xbb67ae85);
		this.d = 1;
		for (let i = 0; i < 12; i++) this.next(); // discard the warm-up outputs
	}

	/** Uniform in [0, 1). */
	next(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	/** Uniform in [lo, hi). */
	uniform(lo: number, hi: number): number {
		return lo + (hi - lo) * this.next();
	}

	/** Integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** True with probability p. */
	chance(p: number): boolean {
		return this.next() < p;
	}

	/** Standard normal (Marsaglia polar method; keeps the spare). */
	normal(): number {
		if (this.spare !== null) {
			const s = this.spare;
			this.spare = null;
			return s;
		}
		let u: number;
		let v: number;
		let s: number;
		do {
			u = 2 * this.next() - 1;
			v = 2 * this.next() - 1;
			s = u * u + v * v;
		} while (s >= 1 || s === 0);
		const f = Math.sqrt((-2 * Math.log(s)) / s);
		this.spare = v * f;
		return u * f;
	}

	/** Exponential with the given mean. */
	exponential(mean: number): number {
		return -mean * Math.log(1 - this.next());
	}

	/** Lognormal with the given median and log-standard-deviation sigma. */
	lognormalMedian(median: number, sigma: number): number {
		return median * Math.exp(sigma * this.normal());
	}

	/** Lognormal with the given mean (not median) and log-standard-deviation sigma: median = mean·e^{−σ²/2}. */
	lognormalMean(mean: number, sigma: number): number {
		return mean * Math.exp(sigma * this.normal() - (sigma * sigma) / 2);
	}

	/**
	 * Poisson variate. Knuth's multiplication method for λ < 30; above, Hörmann's transformed
	 * rejection with squeeze (PTRS, W. Hörmann 1993, "The transformed rejection method for
	 * generating Poisson random variables", Insurance: Mathematics and Economics 12), exact and O(1).
	 */
	poisson(lambda: number): number {
		if (!(lambda > 0)) return 0;
		if (lambda < 30) {
			const l = Math.exp(-lambda);
			let k = 0;
			let p = this.next();
			while (p > l) {
				k++;
				p *= this.next();
			}
			return k;
		}
		const slam = Math.sqrt(lambda);
		const loglam = Math.log(lambda);
		const b = 0.931 + 2.53 * slam;
		const a = -0.059 + 0.02483 * b;
		const invalpha = 1.1239 + 1.1328 / (b - 3.4);
		const vr = 0.9277 - 3.6224 / (b - 2);
		for (;;) {
			const u = this.next() - 0.5;
			const v = this.next();
			const us = 0.5 - Math.abs(u);
			const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
			if (us >= 0.07 && v <= vr) return k;
			if (k < 0 || (us < 0.013 && v > us)) continue;
			if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) {
				return k;
			}
		}
	}

	/** Index drawn from non-negative weights (need not sum to 1). */
	weighted(weights: readonly number[]): number {
		let total = 0;
		for (const w of weights) total += w;
		let r = this.next() * total;
		for (let i = 0; i < weights.length; i++) {
			r -= weights[i];
			if (r < 0) return i;
		}
		return weights.length - 1;
	}
}

const LOG_FACT_TABLE: number[] = [0];
for (let i = 1; i < 256; i++) LOG_FACT_TABLE[i] = LOG_FACT_TABLE[i - 1] + Math.log(i);

/** ln k!, exact from a table below 256, Stirling's series above (error < 1e-10 there). */
export function logFactorial(k: number): number {
	if (k < 256) return LOG_FACT_TABLE[k];
	const x = k + 1;
	return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}
