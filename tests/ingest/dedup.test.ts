import { describe, expect, it } from 'vitest';
import { SeenIds, dedupHash, dedupOptionsForMiB } from '../../src/lib/server/ingest/dedup';

describe('bounded dedup memory (decision 0006)', () => {
	it('keys by source + event_id: the same id from two sources is two events', () => {
		const s = new SeenIds();
		s.add(SeenIds.key('crm', '123'), 1000);
		expect(s.has(SeenIds.key('crm', '123'))).toBe(true);
		expect(s.has(SeenIds.key('im', '123'))).toBe(false);
		// the separator cannot be part of a source (a-z0-9_) or an id (printable ASCII): no ambiguity
		expect(s.has(SeenIds.key('crm1', '23'))).toBe(false);
	});

	it('holds a fixed number of bytes however many ids pass, and raises the horizon past what it forgot', () => {
		// 4 generations × 1024 slots × 8 B = 32 KiB; each generation takes 716 ids (70 % of 1024, floored)
		const s = new SeenIds({ slotsPerGeneration: 1024, generations: 4, horizonMs: 0 });
		expect(s.capacityBytes).toBe(4 * 1024 * 8);
		for (let i = 0; i < 100_000; i++) s.add(SeenIds.key('src', `e${i}`), i); // ts = i ms
		expect(s.bytes).toBe(s.capacityBytes);
		expect(s.size).toBeLessThanOrEqual(4 * 716);
		// whatever is still in memory is everything from the horizon on (the invariant the ingester relies on)
		expect(s.horizonMs).toBeGreaterThan(0);
		for (let i = s.horizonMs; i < 100_000; i++) expect(s.has(SeenIds.key('src', `e${i}`))).toBe(true);
		expect(s.covers(s.horizonMs)).toBe(true);
		expect(s.covers(s.horizonMs - 1)).toBe(false);
		// 100 000 ids through 4 × 716: the newest 3 full generations + part of the current one remain,
		// so the horizon lies between 100 000 − 4 × 716 and 100 000 − 3 × 716
		expect(s.horizonMs).toBeGreaterThanOrEqual(100_000 - 4 * 716);
		expect(s.horizonMs).toBeLessThanOrEqual(100_000 - 3 * 716);
	});

	it('forgets a key whose write failed, without breaking the probe chains of its neighbours', () => {
		const s = new SeenIds({ slotsPerGeneration: 16, generations: 2 });
		const keys = Array.from({ length: 11 }, (_, i) => SeenIds.key('a', `k${i}`)); // 11 ≤ 70 % of 16
		for (const k of keys) s.add(k, 1);
		s.delete(keys[3]);
		expect(s.has(keys[3])).toBe(false);
		for (const k of keys) if (k !== keys[3]) expect(s.has(k)).toBe(true);
		s.add(keys[3], 1);
		expect(s.has(keys[3])).toBe(true);
	});

	it('at the default size stays under the 40 MB target of issue 24, and a MiB setting is a hard cap', () => {
		expect(new SeenIds().capacityBytes).toBe(8 * 2 ** 19 * 8); // 33 554 432 B = 32 MiB
		expect(new SeenIds(dedupOptionsForMiB(32)).capacityBytes).toBe(32 * 1024 * 1024);
		expect(new SeenIds(dedupOptionsForMiB(40)).capacityBytes).toBe(32 * 1024 * 1024); // next power of two (64 MiB) would exceed 40
		expect(new SeenIds(dedupOptionsForMiB(1)).capacityBytes).toBe(1024 * 1024);
		// preload capacity: 7 of 8 generations × floor(0.7 × 2^19) = 7 × 367 001
		expect(new SeenIds().preloadCapacity).toBe(7 * 367_001);
	});
});

describe('dedup hash (decision 0006)', () => {
	// Oracle: the two separate seeded MurmurHash3 runs (body per UTF-16 code unit + finaliser) that
	// SeenIds used before the one-pass version, written out here independently of dedup.ts. The dedup
	// files on disk hold these values, so the one-pass hash must give exactly the same ones.
	function murmur(s: string, seed: number): number {
		let h = seed | 0;
		for (let i = 0; i < s.length; i++) {
			let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
			k = (k << 15) | (k >>> 17);
			h ^= Math.imul(k, 0x1b873593);
			h = (h << 13) | (h >>> 19);
			h = (Math.imul(h, 5) + 0xe6546b64) | 0;
		}
		h ^= s.length;
		h ^= h >>> 16;
		h = Math.imul(h, 0x85ebca6b);
		h ^= h >>> 13;
		h = Math.imul(h, 0xc2b2ae35);
		h ^= h >>> 16;
		return h >>> 0;
	}

	it('gives the values of the two separate seeded runs (files written before stay readable)', () => {
		for (const key of [SeenIds.key('crm', 'evt-1'), SeenIds.key('im_2', '0f3a9c2e-4b1d-9e77-5c21a8d3f0b6'), SeenIds.key('a', ''), SeenIds.key('客服', '订单-123')]) {
			expect(dedupHash(key)).toEqual([(murmur(key, 0x9747b28c) | 1) >>> 0, murmur(key, 0x5bd1e995)]);
		}
	});

	it('an add() right after has() missed the same key stores it once; after a miss of another key add() still checks', () => {
		const s = new SeenIds({ slotsPerGeneration: 64, generations: 2 });
		const a = SeenIds.key('src', 'a');
		const b = SeenIds.key('src', 'b');
		expect(s.has(a)).toBe(false);
		s.add(a, 1);
		expect(s.size).toBe(1);
		expect(s.has(b)).toBe(false);
		s.add(a, 2); // a is present: the shortcut must not apply (the last miss was b)
		expect(s.size).toBe(1);
		s.add(b, 3);
		expect(s.has(a) && s.has(b)).toBe(true);
		expect(s.size).toBe(2);
	});
});
