/**
 * Closed-contact markers: "contact X was closed at time T", so that a late event of a closed contact
 * (within the ingester's lateness window) does not resurrect it as open, and so that a reopen can
 * correct today's FCR (it needs the close time). One marker per contact closed — the only part of the
 * live state that grows with every contact — so it is kept compact and bounded (issue 24's soak,
 * decision 0126):
 *
 * - a marker is a 64-bit hash of the contact id and the close time, in typed arrays (16 bytes a slot,
 *   load ≤ 0.5: 32 bytes a marker, none of it objects the garbage collector traces), instead of a Map
 *   entry with its id string and a heap number (≈ 100 bytes in 3–4 heap objects);
 * - markers go in generations of GENERATION_MARKERS, newest first; when one is full a new one starts,
 *   and past `generations` the oldest is dropped whole. So at least (generations − 1) ×
 *   GENERATION_MARKERS of the most recent closes are always kept, and the memory never exceeds
 *   `generations` × 1 MiB;
 * - `prune` drops the oldest generation once its newest close is past the lateness window (O(1) a
 *   call; a marker may outlive the window by up to one generation's span, which is harmless: an event
 *   older than the window is refused by the ingester anyway).
 *
 * A false match needs two different ids with the same 64-bit hash: with 250 000 markers the chance
 * that a new contact's id matches one is ≈ 250 000 / 2⁶⁴ ≈ 10⁻¹⁴ per event.
 */

/** markers per generation: a table of 2 × this many slots (load ≤ 0.5) */
export const GENERATION_MARKERS = 32_768;
const SLOTS = GENERATION_MARKERS * 2;
const MASK = SLOTS - 1;
/** a slot whose marker was deleted (a reopen): the key stays so probe chains stay intact */
const DELETED = Number.NaN;

class Generation {
	/** hi, lo per slot; 0, 0 = empty (a hash of 0, 0 is stored as 0, 1) */
	readonly keys = new Uint32Array(SLOTS * 2);
	readonly at = new Float64Array(SLOTS);
	/** slots used (deleted ones included) */
	used = 0;
	/** the newest close time in this generation */
	newestMs = Number.NEGATIVE_INFINITY;

	/** the slot holding (hi, lo), or the empty slot where it would go (~slot) */
	find(hi: number, lo: number): number {
		let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & MASK;
		for (;;) {
			const khi = this.keys[2 * i];
			const klo = this.keys[2 * i + 1];
			if (khi === hi && klo === lo) return i;
			if (khi === 0 && klo === 0) return ~i;
			i = (i + 1) & MASK;
		}
	}
}

/** Two independent 32-bit hashes (FNV-1a and a MurmurHash3-style mix) of the UTF-16 code units. */
export function hash64(id: string): [number, number] {
	let a = 0x811c9dc5;
	let b = 0x9747b28c ^ id.length;
	for (let i = 0; i < id.length; i++) {
		const c = id.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		let k = Math.imul(c, 0xcc9e2d51);
		k = (k << 15) | (k >>> 17);
		b ^= Math.imul(k, 0x1b873593);
		b = (b << 13) | (b >>> 19);
		b = (Math.imul(b, 5) + 0xe6546b64) | 0;
	}
	b ^= b >>> 16;
	b = Math.imul(b, 0x85ebca6b);
	b ^= b >>> 13;
	b = Math.imul(b, 0xc2b2ae35);
	b ^= b >>> 16;
	const hi = a >>> 0;
	const lo = b >>> 0;
	return hi === 0 && lo === 0 ? [0, 1] : [hi, lo];
}

export class ClosedMarkers {
	/** oldest first; the last one takes new markers */
	private gens: Generation[] = [];

	/** `generations` ≥ 2: at least (generations − 1) × GENERATION_MARKERS markers are kept */
	constructor(readonly generations: number) {
		if (!(generations >= 2)) throw new Error(`ClosedMarkers: generations must be at least 2, not ${generations}`);
	}

	/** the close time of this contact, if it was closed and not reopened since */
	get(contactId: string): number | undefined {
		const [hi, lo] = hash64(contactId);
		for (let g = this.gens.length - 1; g >= 0; g--) {
			const gen = this.gens[g];
			const i = gen.find(hi, lo);
			if (i >= 0) return Number.isNaN(gen.at[i]) ? undefined : gen.at[i];
		}
		return undefined;
	}

	set(contactId: string, atMs: number): void {
		const [hi, lo] = hash64(contactId);
		this.setHash(hi, lo, atMs);
	}

	private setHash(hi: number, lo: number, atMs: number): void {
		// an older marker of the same contact in an older generation is shadowed by this one (newest first)
		let gen = this.gens.at(-1);
		let i = gen ? gen.find(hi, lo) : ~0;
		if (!gen || (i < 0 && gen.used >= GENERATION_MARKERS)) {
			gen = new Generation();
			this.gens.push(gen);
			if (this.gens.length > this.generations) this.gens.shift();
			i = ~gen.find(hi, lo);
		} else if (i < 0) i = ~i;
		if (gen.keys[2 * i] === 0 && gen.keys[2 * i + 1] === 0) {
			gen.keys[2 * i] = hi;
			gen.keys[2 * i + 1] = lo;
			gen.used++;
		}
		gen.at[i] = atMs;
		if (atMs > gen.newestMs) gen.newestMs = atMs;
	}

	/** forgets the contact's marker (it was reopened) */
	delete(contactId: string): void {
		const [hi, lo] = hash64(contactId);
		for (const gen of this.gens) {
			const i = gen.find(hi, lo);
			if (i >= 0) gen.at[i] = DELETED;
		}
	}

	/** drops the oldest generations whose newest marker is older than cutoffMs */
	prune(cutoffMs: number): void {
		while (this.gens.length > 0 && this.gens[0].newestMs < cutoffMs) this.gens.shift();
	}

	/** markers held (deleted ones not counted) */
	get size(): number {
		let n = 0;
		for (const gen of this.gens) for (let i = 0; i < SLOTS; i++) if ((gen.keys[2 * i] !== 0 || gen.keys[2 * i + 1] !== 0) && !Number.isNaN(gen.at[i])) n++;
		return n;
	}

	/** bytes of the typed arrays */
	get bytes(): number {
		return this.gens.length * SLOTS * 16;
	}

	/**
	 * The markers as base64 (for the live-state snapshot): per marker hi, lo (uint32 LE) and the close
	 * time (float64 LE), oldest generation first, so that `load` rebuilds the same order of eviction.
	 */
	dump(): string {
		let n = 0;
		for (const gen of this.gens) n += gen.used;
		const buf = Buffer.alloc(n * 16);
		let o = 0;
		for (const gen of this.gens) {
			for (let i = 0; i < SLOTS; i++) {
				const hi = gen.keys[2 * i];
				const lo = gen.keys[2 * i + 1];
				if ((hi === 0 && lo === 0) || Number.isNaN(gen.at[i])) continue;
				buf.writeUInt32LE(hi, o);
				buf.writeUInt32LE(lo, o + 4);
				buf.writeDoubleLE(gen.at[i], o + 8);
				o += 16;
			}
		}
		return buf.subarray(0, o).toString('base64');
	}

	/** Replaces the markers with a dump's (from `dump`), or with id/time pairs (a snapshot written before the hashed markers). */
	load(d: string | [string, number][]): void {
		this.gens = [];
		if (typeof d !== 'string') {
			for (const [id, at] of d) this.set(id, at);
			return;
		}
		const buf = Buffer.from(d, 'base64');
		for (let o = 0; o + 16 <= buf.length; o += 16) this.setHash(buf.readUInt32LE(o), buf.readUInt32LE(o + 4), buf.readDoubleLE(o + 8));
	}
}
