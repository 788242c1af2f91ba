import { readFileSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DedupDump } from './dedup';

/**
 * The dedup memory on disk: `<DATA_PATH>/dedup-snapshot.bin`, saved with every live-state snapshot
 * (same mark, docs/decisions/0006). At start it replaces re-reading up to 2.57 M ids from storage
 * (the largest part of a restart after millions of events, issue 24): the tables are read back as
 * they were at `markMs`, and only the ids stored with received_at > markMs are added from storage.
 *
 * Layout: "CSDEDUP1", a little-endian uint32 header length, the JSON header (padded with spaces to a
 * multiple of 8 bytes), then each allocated generation's `hi` and `lo` tables (slots × 4 bytes each).
 */
export const DEDUP_FILE = 'dedup-snapshot.bin';
const MAGIC = 'CSDEDUP1';
const FORMAT = 1;

interface Header {
	format: number;
	markMs: number;
	slots: number;
	generations: number;
	current: number;
	/** null for −∞ (JSON has no infinities) */
	horizonMs: number | null;
	gens: ({ count: number; maxTsMs: number | null } | null)[];
}

/** The file's bytes as chunks (the tables are not copied again); write them with writeDedupSnapshot. */
export function serialiseDedup(d: DedupDump, markMs: number): Uint8Array[] {
	const finite = (x: number) => (Number.isFinite(x) ? x : null);
	const header: Header = {
		format: FORMAT,
		markMs,
		slots: d.slots,
		generations: d.generations,
		current: d.current,
		horizonMs: finite(d.horizonMs),
		gens: d.gens.map((g) => (g ? { count: g.count, maxTsMs: finite(g.maxTsMs) } : null))
	};
	let json = JSON.stringify(header);
	const pad = (8 - ((MAGIC.length + 4 + Buffer.byteLength(json)) % 8)) % 8;
	json += ' '.repeat(pad);
	const head = Buffer.alloc(MAGIC.length + 4 + Buffer.byteLength(json));
	head.write(MAGIC, 0, 'latin1');
	head.writeUInt32LE(Buffer.byteLength(json), MAGIC.length);
	head.write(json, MAGIC.length + 4, 'utf8');
	const chunks: Uint8Array[] = [head];
	for (const g of d.gens) {
		if (!g) continue;
		chunks.push(new Uint8Array(g.hi.buffer, g.hi.byteOffset, g.hi.byteLength), new Uint8Array(g.lo.buffer, g.lo.byteOffset, g.lo.byteLength));
	}
	return chunks;
}

/** Writes atomically (temp file + rename), without blocking the event loop for the 32 MiB. */
export async function writeDedupSnapshot(dataPath: string, chunks: Uint8Array[]): Promise<void> {
	const file = join(dataPath, DEDUP_FILE);
	const tmp = `${file}.tmp`;
	await writeFile(tmp, chunks);
	renameSync(tmp, file);
}

/** The stored dedup memory and its mark, or why it cannot be used (missing, torn, other format). */
export function readDedupSnapshot(dataPath: string): { dump: DedupDump; markMs: number } | { unusable: string } {
	let buf: Buffer;
	try {
		buf = readFileSync(join(dataPath, DEDUP_FILE));
	} catch {
		return { unusable: 'no dedup snapshot' };
	}
	if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return { unusable: 'the dedup snapshot is not one (wrong magic)' };
	const len = buf.readUInt32LE(MAGIC.length);
	let h: Header;
	try {
		h = JSON.parse(buf.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + len)) as Header;
	} catch (err) {
		return { unusable: `the dedup snapshot's header is unreadable (${(err as Error).message})` };
	}
	if (h.format !== FORMAT) return { unusable: `dedup snapshot format ${h.format} is not ${FORMAT}` };
	if (!Number.isFinite(h.markMs) || !Number.isInteger(h.slots) || h.slots <= 0 || !Array.isArray(h.gens)) return { unusable: 'the dedup snapshot header is incomplete' };
	let off = MAGIC.length + 4 + len;
	const tableBytes = h.slots * 4;
	const allocated = h.gens.filter((g) => g !== null).length;
	if (buf.length !== off + allocated * 2 * tableBytes) return { unusable: `the dedup snapshot is ${buf.length} bytes, expected ${off + allocated * 2 * tableBytes} (cut short?)` };
	// views on the file's buffer when aligned (readFileSync allocates it for us alone), a copy otherwise
	const table = (): Uint32Array => {
		const at = buf.byteOffset + off;
		off += tableBytes;
		return at % 4 === 0 ? new Uint32Array(buf.buffer, at, h.slots) : new Uint32Array(buf.buffer.slice(at, at + tableBytes));
	};
	const gens = h.gens.map((g) => (g ? { count: g.count, maxTsMs: g.maxTsMs ?? Number.NEGATIVE_INFINITY, hi: table(), lo: table() } : null));
	return { markMs: h.markMs, dump: { slots: h.slots, generations: h.generations, current: h.current, horizonMs: h.horizonMs ?? Number.NEGATIVE_INFINITY, gens } };
}

export function removeDedupSnapshot(dataPath: string): void {
	rmSync(join(dataPath, DEDUP_FILE), { force: true });
}
