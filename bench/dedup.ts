/**
 * npm run bench:dedup — issue 24: the dedup memory over 24 h at 3 000 events/s (259.2 M keys), shown.
 *
 * Drives the real `SeenIds` (src/lib/server/ingest/dedup.ts, default 32 MiB) on a virtual clock with
 * the ingester's rule (IngestService.submit): memory first (`has` → duplicate); an event at or after
 * the memory's horizon (`covers`) and not in memory is new; an older one not in memory is looked up in
 * storage — here answered by the generator's exact truth (was this key stored?), counted — and a key
 * storage knows is put back into memory, as the ingester does.
 *
 * Traffic: `--rate` new events a second for `--hours` (one key = source + event_id, ids `evt-<n>`:
 * sequential ids that differ in a few characters, a harder case for the hash than random UUIDs);
 * `--soon` (1 %) of them are resent 1–300 s later (a lost ack, a reconnect), `--late` (0.1 %) 1–20 h
 * later (a replay from a sender's disk); a resend carries the same event (same ts).
 *
 * Prints: the memory held (the tables' bytes, the process's RSS, external and array buffers, against
 * a baseline taken before the memory was made), the horizon reached (how far back memory alone
 * answers), the share of lookups that went to storage, and the answers checked against the exact
 * truth: false "duplicates" (a new event answered as a resend — a 64-bit collision) and missed
 * duplicates (a resend answered as new — would be stored twice). Then a collision check on a sample
 * of `--sample` keys: how many pairs share the first half (31 bits: its low bit is forced to 1, an
 * empty slot is 0), the second (32 bits), and both, against the birthday expectation n(n−1)/2 ÷ 2^bits
 * (independent halves make "both" ≈ 0; a correlation between them would show as pairs here).
 *
 * Options: --hours H (24), --rate R (3000), --soon P (0.01), --late P (0.001), --mib M (32),
 * --sample N (8 000 000). CPU- and memory-latency-bound on one core: ≈ 0.5–1 µs a lookup on a quiet
 * machine (2–4 min for 24 h); the shared machine at load 25 took 18 µs.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SeenIds, dedupHash, dedupOptionsForMiB } from '../src/lib/server/ingest/dedup';

const { values: args } = parseArgs({
	options: {
		hours: { type: 'string', default: '24' },
		rate: { type: 'string', default: '3000' },
		soon: { type: 'string', default: '0.01' },
		late: { type: 'string', default: '0.001' },
		mib: { type: 'string', default: '32' },
		sample: { type: 'string', default: '8000000' }
	}
});
const HOURS = Number(args.hours);
const RATE = Number(args.rate);
const SOON = Number(args.soon);
const LATE = Number(args.late);
const MIB = Number(args.mib);
const SAMPLE = Number(args.sample);
const SOURCE = 'crm';
const T0 = Date.UTC(2026, 10, 10, 16, 0, 0); // 11 Nov 2026 00:00 Asia/Shanghai: Double 11
const MB = 1048576;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const mem = () => process.memoryUsage();

/** ts of the n-th new event: RATE a second, evenly spread within the second */
const tsOf = (n: number) => T0 + Math.floor(n / RATE) * 1000 + Math.floor(((n % RATE) * 1000) / RATE);
const keyOf = (n: number) => SeenIds.key(SOURCE, `evt-${n}`);

/** mulberry32: a small seeded PRNG, so every run resends the same events */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

console.log(`dedup benchmark: ${HOURS} h × ${RATE} events/s = ${((HOURS * 3600 * RATE) / 1e6).toFixed(1)} M new keys on a virtual clock, ${SOON * 100} % resent within 5 min, ${LATE * 100} % after 1–20 h; memory cap ${MIB} MiB; load average at start ${loadavg()}`);
global.gc?.();
const base = mem();
const seen = new SeenIds(dedupOptionsForMiB(MIB));
const rand = prng(24);
/** resends due, by virtual second: the event numbers to send again */
const due = new Map<number, number[]>();
const schedule = (sec: number, n: number) => {
	let list = due.get(sec);
	if (!list) due.set(sec, (list = []));
	list.push(n);
};
/** new events wrongly answered as duplicates: they were not stored (so a resend of one is new) */
const notStored = new Set<number>();
const c = { fresh: 0, resends: 0, memoryDup: 0, storageLookups: 0, storageDup: 0, falseDup: 0, missedDup: 0 };
let minHorizonAgeMs = Number.POSITIVE_INFINITY;
let maxRss = 0;

/** One event through the ingester's decision (IngestService.submit): how it was answered. */
function submit(n: number): 'memory' | 'storage' | 'new' {
	const key = keyOf(n);
	const ts = tsOf(n);
	if (seen.has(key)) return 'memory';
	if (seen.covers(ts)) {
		seen.add(key, ts);
		return 'new';
	}
	// older than what memory knows: the ingester asks storage (queries/ingest/storedEventKeys.ts)
	c.storageLookups++;
	const stored = n < nextNew && !notStored.has(n);
	seen.add(key, ts); // stored now, or remembered as found: either way the next resend needs no query
	return stored ? 'storage' : 'new';
}

let nextNew = 0;
const seconds = HOURS * 3600;
const t0 = performance.now();
for (let s = 0; s < seconds; s++) {
	// new events of this second
	const end = nextNew + RATE;
	for (let n = nextNew; n < end; n++) {
		c.fresh++;
		nextNew = n; // for submit's truth: events < nextNew were sent before this one
		if (submit(n) !== 'new') {
			c.falseDup++;
			notStored.add(n);
		}
		const r = rand();
		if (r < SOON) schedule(s + 1 + Math.floor(rand() * 300), n);
		else if (r < SOON + LATE) {
			const at = s + 3600 + Math.floor(rand() * 19 * 3600);
			if (at < seconds) schedule(at, n);
		}
	}
	nextNew = end;
	// resends due this second
	const list = due.get(s);
	if (list) {
		due.delete(s);
		for (const n of list) {
			c.resends++;
			const a = submit(n);
			if (a === 'memory') c.memoryDup++;
			else if (a === 'storage') c.storageDup++;
			else if (!notStored.has(n)) c.missedDup++;
		}
	}
	const nowMs = T0 + (s + 1) * 1000;
	if (s >= 3600 && Number.isFinite(seen.horizonMs)) minHorizonAgeMs = Math.min(minHorizonAgeMs, nowMs - seen.horizonMs);
	if ((s + 1) % 3600 === 0) {
		const m = mem();
		maxRss = Math.max(maxRss, m.rss);
		const el = (performance.now() - t0) / 1000;
		console.log(
			`  ${((s + 1) / 3600).toFixed(0).padStart(2)} h: ${(nextNew / 1e6).toFixed(1)} M new keys, ${seen.size} in memory, horizon ${Number.isFinite(seen.horizonMs) ? `${((nowMs - seen.horizonMs) / 60_000).toFixed(1)} min back` : 'none (all kept)'}, storage lookups ${c.storageLookups}; RSS ${(m.rss / MB).toFixed(0)} MB; ${el.toFixed(0)} s wall (${((el * 1e9) / (nextNew + c.resends)).toFixed(0)} ns/event)`
		);
	}
}
const wall = (performance.now() - t0) / 1000;
const endMs = T0 + seconds * 1000;
global.gc?.();
const m = mem();
maxRss = Math.max(maxRss, m.rss);
const lookups = c.fresh + c.resends;
console.log(`ran ${c.fresh} new events and ${c.resends} resends (${lookups} lookups) in ${wall.toFixed(0)} s wall, ${((wall * 1e9) / lookups).toFixed(0)} ns per lookup`);
console.log(
	`memory held: dedup tables ${seen.bytes} B = ${(seen.bytes / MB).toFixed(1)} MiB (${(seen.bytes / 1e6).toFixed(1)} MB; cap ${(seen.capacityBytes / MB).toFixed(0)} MiB; issue 24 target ≤ 40 MB: ${seen.bytes <= 40e6 ? 'met' : 'NOT met'}), ${seen.size} keys in memory; process: RSS ${(m.rss / MB).toFixed(0)} MB (${(base.rss / MB).toFixed(0)} MB before the memory was made, max ${(maxRss / MB).toFixed(0)} MB), external ${(m.external / MB).toFixed(1)} MB (+${((m.external - base.external) / MB).toFixed(1)}), array buffers ${(m.arrayBuffers / MB).toFixed(1)} MB (+${((m.arrayBuffers - base.arrayBuffers) / MB).toFixed(1)}), JS heap used ${(m.heapUsed / MB).toFixed(0)} MB (the bench's own resend schedule included)`
);
console.log(
	`horizon reached: memory alone answers for the last ${((endMs - seen.horizonMs) / 60_000).toFixed(1)} min at the end ${Number.isFinite(minHorizonAgeMs) ? `(never less than ${(minHorizonAgeMs / 60_000).toFixed(1)} min after the first hour)` : ''}; older events go to storage`
);
console.log(
	`lookups to storage: ${c.storageLookups} of ${lookups} = ${((c.storageLookups / lookups) * 100).toFixed(3)} % (${c.storageDup} found there); resends answered from memory ${c.memoryDup}, from storage ${c.storageDup}, of ${c.resends}`
);
console.log(
	`answers against the exact truth: ${c.falseDup} new events answered "duplicate" (false duplicates: 64-bit collisions), ${c.missedDup} resends answered "new" (would be stored twice) — ${c.falseDup === 0 && c.missedDup === 0 ? 'all answers right' : 'WRONG ANSWERS'}`
);

// Collision check on a sample: the two 32-bit halves must behave as independent hashes of the key.
if (SAMPLE > 0) {
	const tc = performance.now();
	const byHi = new BigUint64Array(SAMPLE);
	const byLo = new BigUint64Array(SAMPLE);
	const hiView = new Uint32Array(byHi.buffer);
	const loView = new Uint32Array(byLo.buffer);
	for (let n = 0; n < SAMPLE; n++) {
		const [hi, lo] = dedupHash(keyOf(n));
		// little-endian: word 2n+1 is the high half of element n
		hiView[2 * n + 1] = hi;
		hiView[2 * n] = lo;
		loView[2 * n + 1] = lo;
		loView[2 * n] = hi;
	}
	byHi.sort();
	byLo.sort();
	/** pairs sharing the high word, and pairs sharing all 64 bits, in a sorted array */
	const pairs = (a: BigUint64Array, w: Uint32Array): { half: number; full: number } => {
		let half = 0;
		let full = 0;
		let runHalf = 1;
		let runFull = 1;
		for (let i = 1; i < a.length; i++) {
			if (w[2 * i + 1] === w[2 * i - 1]) {
				half += runHalf++;
				if (w[2 * i] === w[2 * i - 2]) full += runFull++;
				else runFull = 1;
			} else {
				runHalf = 1;
				runFull = 1;
			}
		}
		return { half, full };
	};
	const h = pairs(byHi, hiView);
	const l = pairs(byLo, loView);
	const pairsOf = SAMPLE * (SAMPLE - 1) / 2;
	console.log(
		`collision check on ${SAMPLE} keys (evt-0 … evt-${SAMPLE - 1}): ${h.half} pairs share the first half (birthday expectation n(n−1)/2 ÷ 2^31 = ${(pairsOf / 2 ** 31).toFixed(0)}), ${l.half} the second (÷ 2^32 = ${(pairsOf / 2 ** 32).toFixed(0)}), ${h.full} share both (expected ${(pairsOf / 2 ** 63).toExponential(1)} for independent halves) — ${((performance.now() - tc) / 1000).toFixed(1)} s`
	);
}
console.log(`load average (uptime) at the end: ${loadavg()}`);
