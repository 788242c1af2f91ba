import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SeenIds } from '../../src/lib/server/ingest/dedup';
import { DEDUP_FILE, readDedupSnapshot, serialiseDedup, writeDedupSnapshot } from '../../src/lib/server/ingest/dedupFile';

const dirs: string[] = [];
const tempDir = () => {
	const d = mkdtempSync(join(tmpdir(), 'dedup-file-'));
	dirs.push(d);
	return d;
};
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('dedup memory saved with the snapshot (decision 0006, fast restart)', () => {
	it('reads back the same keys, horizon and ring position, and goes on rotating as the original would', async () => {
		// 4 generations × 1024 slots; 5 000 ids (ts = i) wrap the ring: each generation holds 716 ids
		// (70 % of 1024), so the oldest were wiped and the horizon is above 0
		const opts = { slotsPerGeneration: 1024, generations: 4, horizonMs: 0 };
		const a = new SeenIds(opts);
		for (let i = 0; i < 5_000; i++) a.add(SeenIds.key('src', `e${i}`), i);
		const dir = tempDir();
		await writeDedupSnapshot(dir, serialiseDedup(a.exportState(), 123_456));
		const r = readDedupSnapshot(dir);
		if ('unusable' in r) throw new Error(r.unusable);
		expect(r.markMs).toBe(123_456);
		const b = new SeenIds({ slotsPerGeneration: 1024, generations: 4 });
		expect(b.importState(r.dump)).toBe(true);
		expect(b.size).toBe(a.size);
		expect(b.horizonMs).toBe(a.horizonMs);
		for (let i = 0; i < 5_000; i++) expect(b.has(SeenIds.key('src', `e${i}`))).toBe(a.has(SeenIds.key('src', `e${i}`)));
		// the independent oracle for the ring position: the original itself, fed the same further ids
		for (let i = 5_000; i < 7_000; i++) {
			a.add(SeenIds.key('src', `e${i}`), i);
			b.add(SeenIds.key('src', `e${i}`), i);
		}
		expect(b.horizonMs).toBe(a.horizonMs);
		expect(b.size).toBe(a.size);
	});

	it('keeps an unbounded horizon (memory complete) as −∞ through JSON', async () => {
		const a = new SeenIds({ slotsPerGeneration: 64, generations: 2 });
		a.add(SeenIds.key('s', 'x'), 5);
		const dir = tempDir();
		await writeDedupSnapshot(dir, serialiseDedup(a.exportState(), 1));
		const r = readDedupSnapshot(dir);
		if ('unusable' in r) throw new Error(r.unusable);
		const b = new SeenIds({ slotsPerGeneration: 64, generations: 2 });
		expect(b.importState(r.dump)).toBe(true);
		expect(b.horizonMs).toBe(Number.NEGATIVE_INFINITY);
		expect(b.has(SeenIds.key('s', 'x'))).toBe(true);
	});

	it('refuses a file that is missing, cut short, not one, or of another memory size (then storage refills it)', async () => {
		const dir = tempDir();
		expect(readDedupSnapshot(dir)).toEqual({ unusable: 'no dedup snapshot' });
		const a = new SeenIds({ slotsPerGeneration: 64, generations: 2 });
		a.add(SeenIds.key('s', 'x'), 5);
		await writeDedupSnapshot(dir, serialiseDedup(a.exportState(), 1));
		const whole = readFileSync(join(dir, DEDUP_FILE));
		// another size (ingest.dedupMemoryMiB changed): importState says no and leaves the memory alone
		const r = readDedupSnapshot(dir);
		if ('unusable' in r) throw new Error(r.unusable);
		const other = new SeenIds({ slotsPerGeneration: 128, generations: 2 });
		expect(other.importState(r.dump)).toBe(false);
		expect(other.size).toBe(0);
		writeFileSync(join(dir, DEDUP_FILE), whole.subarray(0, whole.length - 4));
		expect(readDedupSnapshot(dir)).toMatchObject({ unusable: expect.stringContaining('cut short') });
		writeFileSync(join(dir, DEDUP_FILE), 'not a dedup file at all');
		expect(readDedupSnapshot(dir)).toMatchObject({ unusable: expect.stringContaining('wrong magic') });
	});
});
