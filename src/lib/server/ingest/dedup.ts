/**
 * The dedup memory: which (source, event_id) pairs are stored, with a hard memory cap
 * (docs/decisions/0006-ingest-exactly-once.md, "Bounded dedup memory").
 *
 * Each key is kept as a 64-bit hash (two independent 32-bit halves) in open-addressing tables —
 * 8 bytes a key instead of ~280 for a JS string in a Set. The tables form a ring of `generations`;
 * new keys go into the current one, and when it is 70 % full the oldest generation is wiped and
 * reused. Memory is therefore fixed: generations × slotsPerGeneration × 8 bytes (default
 * 8 × 2^19 × 8 B = 32 MiB, allocated as generations are first used), whatever the rate or window.
 *
 * What the memory knows is stated by `horizonMs`: every stored event whose `ts` is at or after it
 * is in memory. Wiping a generation raises the horizon past the newest `ts` it held. For an event
 * older than the horizon the memory is not authoritative and the ingester asks ClickHouse
 * (../queries/ingest/storedEventKeys.ts), in one query per batch.
 *
 * Hash collisions: two different keys share a 64-bit hash with probability ≈ n²/2^65
 * (n = 2.9 M keys in memory → 2.3·10⁻⁷ for any pair among them); a colliding new event would be
 * answered as a duplicate. Accepted and documented in decision 0006.
 */
export interface DedupOptions {
	/** slots per generation, a power of two (default 2^19) */
	slotsPerGeneration?: number;
	/** number of generations in the ring (default 8) */
	generations?: number;
	/** the first horizon (epoch ms): stored events before it are not in memory (rebuild sets it) */
	horizonMs?: number;
}

const MAX_LOAD = 0.7;

/** Options for a memory cap in MiB: 8 generations of the largest power-of-two slot count that fits. */
export function dedupOptionsForMiB(mib: number): DedupOptions {
	const generations = 8;
	const slots = 2 ** Math.floor(Math.log2((mib * 1024 * 1024) / (generations * 8)));
	return { generations, slotsPerGeneration: Math.max(16, slots) };
}

/**
 * A copy of the memory's tables and bookkeeping (exportState), to save with the live-state snapshot
 * and load at start instead of re-reading millions of ids from storage (./dedupFile.ts).
 */
export interface DedupDump {
	slots: number;
	generations: number;
	current: number;
	horizonMs: number;
	gens: ({ count: number; maxTsMs: number; hi: Uint32Array; lo: Uint32Array } | null)[];
}

interface Generation {
	hi: Uint32Array;
	lo: Uint32Array;
	count: number;
	maxTsMs: number;
}

export class SeenIds {
	private readonly slots: number;
	private readonly mask: number;
	private readonly gens: (Generation | null)[];
	private current = 0;
	private total = 0;
	/** the last key has() found absent, with its hash halves, while nothing changed since (see add) */
	private lastAbsent: string | null = null;
	private lastH1 = 0;
	private lastH2 = 0;
	/** stored events with ts ≥ horizonMs are all in memory */
	horizonMs: number;

	constructor(opts: DedupOptions = {}) {
		this.slots = opts.slotsPerGeneration ?? 1 << 19;
		if (this.slots < 16 || (this.slots & (this.slots - 1)) !== 0) throw new Error('slotsPerGeneration must be a power of two ≥ 16');
		this.mask = this.slots - 1;
		this.gens = new Array(opts.generations ?? 8).fill(null);
		this.horizonMs = opts.horizonMs ?? Number.NEGATIVE_INFINITY;
	}

	/** The dedup key of an event: its source and event_id (docs/events.md, "Exactly once"). */
	static key(source: string, eventId: string): string {
		return `${source}\n${eventId}`;
	}

	/** True when memory alone can say whether an event with this ts is stored. */
	covers(tsMs: number): boolean {
		return tsMs >= this.horizonMs;
	}

	has(key: string): boolean {
		hashKey(key);
		const h1 = H1;
		const h2 = H2;
		for (const g of this.gens) {
			if (g && this.find(g, h1, h2) >= 0) {
				this.lastAbsent = null;
				return true;
			}
		}
		// an add() of this same key right after (the ingester's and the bench's pattern) skips the
		// hashing and the probe of every generation
		this.lastAbsent = key;
		this.lastH1 = h1;
		this.lastH2 = h2;
		return false;
	}

	add(key: string, tsMs: number): void {
		let h1: number;
		let h2: number;
		if (key === this.lastAbsent) {
			h1 = this.lastH1;
			h2 = this.lastH2;
		} else {
			hashKey(key);
			h1 = H1;
			h2 = H2;
			for (const g of this.gens) if (g && this.find(g, h1, h2) >= 0) return;
		}
		this.lastAbsent = null;
		let g = this.gens[this.current];
		if (!g) g = this.gens[this.current] = this.allocate();
		if (g.count + 1 > this.slots * MAX_LOAD) g = this.rotate();
		let i = h2 & this.mask;
		while (g.hi[i] !== 0) i = (i + 1) & this.mask; // linear probing; a removed slot (0/1) may be reused: the key is absent from every chain
		g.hi[i] = h1;
		g.lo[i] = h2;
		g.count++;
		this.total++;
		if (tsMs > g.maxTsMs) g.maxTsMs = tsMs;
	}

	/** A copy of the tables (≈ 5 ms for 32 MiB): taken in the same synchronous step as the snapshot mark. */
	exportState(): DedupDump {
		return {
			slots: this.slots,
			generations: this.gens.length,
			current: this.current,
			horizonMs: this.horizonMs,
			gens: this.gens.map((g) => (g ? { count: g.count, maxTsMs: g.maxTsMs, hi: g.hi.slice(), lo: g.lo.slice() } : null))
		};
	}

	/**
	 * Replaces the memory by a dump of the same shape (slots and generations); false, and nothing
	 * changed, when the shape differs (ingest.dedupMemoryMiB was changed) or the tables are cut short.
	 */
	importState(d: DedupDump): boolean {
		if (d.slots !== this.slots || d.generations !== this.gens.length || d.gens.length !== this.gens.length) return false;
		if (!Number.isInteger(d.current) || d.current < 0 || d.current >= this.gens.length) return false;
		if (d.gens.some((g) => g !== null && (g.hi.length !== this.slots || g.lo.length !== this.slots || !(g.count >= 0 && g.count <= this.slots)))) return false;
		this.lastAbsent = null;
		this.current = d.current;
		this.horizonMs = d.horizonMs;
		this.total = 0;
		d.gens.forEach((g, i) => {
			this.gens[i] = g ? { count: g.count, maxTsMs: g.maxTsMs, hi: g.hi, lo: g.lo } : null;
			this.total += g?.count ?? 0;
		});
		return true;
	}

	/** Forgets a key (its write failed, so the sender's resend must be taken). */
	delete(key: string): void {
		this.lastAbsent = null;
		hashKey(key);
		const h1 = H1;
		const h2 = H2;
		for (const g of this.gens) {
			if (!g) continue;
			const i = this.find(g, h1, h2);
			if (i >= 0) {
				g.hi[i] = 0;
				g.lo[i] = 1; // a tombstone keeps the probe chains behind it intact
				this.total--;
			}
		}
	}

	/** Keys in memory. */
	get size(): number {
		return this.total;
	}

	/** Bytes held by the tables (the hard cap is generations × slots × 8). */
	get bytes(): number {
		return this.gens.reduce((s, g) => s + (g ? this.slots * 8 : 0), 0);
	}

	/** Keys that fit without wiping a generation: what a start-up refill may load (all generations but one). */
	get preloadCapacity(): number {
		return (this.gens.length - 1) * Math.floor(this.slots * MAX_LOAD);
	}

	get capacityBytes(): number {
		return this.gens.length * this.slots * 8;
	}

	private find(g: Generation, h1: number, h2: number): number {
		let i = h2 & this.mask;
		for (;;) {
			const hi = g.hi[i];
			if (hi === 0 && g.lo[i] === 0) return -1;
			if (hi === h1 && g.lo[i] === h2) return i;
			i = (i + 1) & this.mask;
		}
	}

	private allocate(): Generation {
		return { hi: new Uint32Array(this.slots), lo: new Uint32Array(this.slots), count: 0, maxTsMs: Number.NEGATIVE_INFINITY };
	}

	/** Moves to the next generation, wiping it (the oldest) first and raising the horizon past it. */
	private rotate(): Generation {
		this.current = (this.current + 1) % this.gens.length;
		const old = this.gens[this.current];
		if (!old) return (this.gens[this.current] = this.allocate());
		if (old.maxTsMs + 1 > this.horizonMs) this.horizonMs = old.maxTsMs + 1;
		this.total -= old.count;
		old.hi.fill(0);
		old.lo.fill(0);
		old.count = 0;
		old.maxTsMs = Number.NEGATIVE_INFINITY;
		return old;
	}
}

/** The two halves of the last hashKey() (module-level: no allocation per key on the ingest path). */
let H1 = 0;
let H2 = 0;

/**
 * A key's 64-bit hash as two 32-bit halves: MurmurHash3's body and finaliser over the UTF-16 code
 * units, run with two seeds in one pass (the same values as two separate runs). `H1` is never 0:
 * 0/0 marks an empty slot, 0/1 a removed one.
 */
function hashKey(s: string): void {
	let a = 0x9747b28c | 0;
	let b = 0x5bd1e995 | 0;
	for (let i = 0; i < s.length; i++) {
		let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
		k = (k << 15) | (k >>> 17);
		k = Math.imul(k, 0x1b873593);
		a ^= k;
		a = (a << 13) | (a >>> 19);
		a = (Math.imul(a, 5) + 0xe6546b64) | 0;
		b ^= k;
		b = (b << 13) | (b >>> 19);
		b = (Math.imul(b, 5) + 0xe6546b64) | 0;
	}
	H1 = (fmix(a ^ s.length) | 1) >>> 0;
	H2 = fmix(b ^ s.length);
}

function fmix(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** A key's 64-bit hash as SeenIds stores it, [hi, lo] (bench:dedup's collision check). */
export function dedupHash(key: string): [number, number] {
	hashKey(key);
	return [H1, H2];
}
