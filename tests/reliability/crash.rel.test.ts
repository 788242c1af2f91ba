import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { count, openEngine, tempDir } from '../helpers/engine';
import { startServer, type RunningServer } from '../helpers/server';

// Issue 24, must-show 2: kill -9 trials. Two sources send the SAME event ids (different contacts) over
// WebSocket while the server is killed with SIGKILL at a different point of each trial; after a
// restart every sender resends what it has no ack for (plus a few acked batches). Oracle: each
// (source, event_id) is stored exactly once — count() = uniqExact(source, event_id) = events sent —
// and every batch acknowledged before the kill is in storage (0 acknowledged lost, 0 duplicates).

const KEYS = { crm: 'crash-crm-key-0123456789', im: 'crash-im-key-0123456789ab' } as const;
type Source = keyof typeof KEYS;
const SOURCES: Source[] = ['crm', 'im'];
const TRIALS = 3;
const BATCHES = 30;
const PER_BATCH = 200;
const dir = tempDir('csops-crash-');
/** the server of the current step, killed in afterAll should a trial fail half-way */
let current: RunningServer | null = null;
afterAll(async () => {
	await current?.stop('SIGKILL');
	dir.cleanup();
});

// a 128 KiB dedup memory (8 × 2 048 slots, 1 433 keys a generation, 10 031 refilled at start) so the
// 36 000 events of the trials overflow it and the last trial's resends are matched through the
// storage lookup, not memory
const env = () => ({ DATA_PATH: dir.path, INGEST_KEYS: SOURCES.map((s) => `${s}:${KEYS[s]}`).join(','), INGEST_DEDUP_MEMORY_MIB: '0.125' });

const T0 = Date.now();
/**
 * Event times: 10 min ago in trials 0-1, 40 min ago in the last one — older than what the 128 KiB
 * dedup memory still covers after the earlier trials, so its resends are matched through the
 * ClickHouse lookup (queries/ingest/storedEventKeys.ts), not memory.
 */
const baseOf = (trial: number) => T0 - (trial === TRIALS - 1 ? 40 : 10) * 60_000;

function batch(trial: number, source: Source, b: number) {
	const base = baseOf(trial);
	return Array.from({ length: PER_BATCH }, (_, i) => ({
		// the same ids from both sources: dedup is per source (docs/events.md)
		event_id: `t${trial}-b${b}-${i}`,
		ts: base + b * PER_BATCH + i,
		type: 'contact.arrived',
		contact_id: `${source}-t${trial}-b${b}-${i}`,
		channel: ['chat', 'phone', 'email', 'ticket'][i % 4],
		queue: 'presale'
	}));
}

function open(s: RunningServer, source: Source): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/events/stream`, { headers: { authorization: `Bearer ${KEYS[source]}` } });
		ws.once('open', () => resolve(ws));
		ws.once('error', reject);
	});
}

async function waitFor(cond: () => boolean, what: string | (() => string), timeoutMs = 120_000) {
	const end = Date.now() + timeoutMs;
	while (!cond()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

describe('kill -9 trials', () => {
	it(`${TRIALS} trials, two sources with the same ids: 0 acknowledged lost, 0 duplicates`, { timeout: 600_000 }, async () => {
		const acked: Record<Source, Set<string>> = { crm: new Set(), im: new Set() };
		let sent = 0;
		for (let trial = 0; trial < TRIALS; trial++) {
			const tStart = Date.now();
			let s = (current = await startServer(env()));
			console.log(`trial ${trial}: server up in ${Date.now() - tStart} ms`);
			const ackedNow: Record<Source, Set<number>> = { crm: new Set(), im: new Set() };
			const socks = await Promise.all(SOURCES.map((src) => open(s, src)));
			// kill after a different number of acks each trial (5, 12, 19 of the 60 batches), from the
			// ack handler itself, while each sender keeps 4 batches in flight (so the kill lands mid-load)
			const killAfter = 5 + trial * 7;
			const nextBatch = [0, 0];
			let killed = false;
			const exited = new Promise((r) => s.proc.once('exit', r));
			const sendNext = (k: number) => {
				if (killed || nextBatch[k] >= BATCHES) return;
				const b = nextBatch[k]++;
				socks[k].send(JSON.stringify({ seq: b, events: batch(trial, SOURCES[k], b) }));
			};
			socks.forEach((ws, k) => {
				ws.on('message', (m) => {
					const a = JSON.parse(m.toString()) as { seq: number; accepted?: number };
					if (killed || typeof a.accepted !== 'number') return;
					ackedNow[SOURCES[k]].add(a.seq);
					if (ackedNow.crm.size + ackedNow.im.size >= killAfter) {
						killed = true;
						s.proc.kill('SIGKILL');
						return;
					}
					sendNext(k);
				});
				ws.on('error', () => undefined);
				for (let w = 0; w < 4; w++) sendNext(k);
			});
			await exited;
			for (const src of SOURCES) for (const b of ackedNow[src]) acked[src].add(`${trial}/${b}`);
			expect(ackedNow.crm.size + ackedNow.im.size).toBeLessThan(2 * BATCHES); // the kill landed mid-load

			// restart; each source resends every batch without an ack, and two acked ones
			const tRestart = Date.now();
			s = current = await startServer(env());
			console.log(`trial ${trial}: restarted after kill -9 in ${Date.now() - tRestart} ms; acked before the kill: ${ackedNow.crm.size + ackedNow.im.size}`);
			const socks2 = await Promise.all(SOURCES.map((src) => open(s, src)));
			const answers: Record<Source, Map<number, { accepted: number; duplicates: number }>> = { crm: new Map(), im: new Map() };
			const expected: Record<Source, number> = { crm: 0, im: 0 };
			socks2.forEach((ws, k) => {
				const src = SOURCES[k];
				ws.on('message', (m) => {
					const a = JSON.parse(m.toString());
					answers[src].set(a.seq, a);
				});
				const resend = Array.from({ length: BATCHES }, (_, b) => b).filter((b) => !ackedNow[src].has(b));
				resend.push(...[...ackedNow[src]].slice(0, 2));
				expected[src] = resend.length;
				for (const b of resend) ws.send(JSON.stringify({ seq: b, events: batch(trial, src, b) }));
			});
			await waitFor(() => answers.crm.size === expected.crm && answers.im.size === expected.im, () => `the resent batches (trial ${trial}: ${answers.crm.size}/${expected.crm}, ${answers.im.size}/${expected.im})`);
			const errors = [...answers.crm.values(), ...answers.im.values()].filter((a) => 'error' in a);
			expect(errors, s.output().slice(-3000)).toEqual([]);
			for (const src of SOURCES) for (const b of [...ackedNow[src]].slice(0, 2)) expect(answers[src].get(b)).toMatchObject({ accepted: 0, duplicates: PER_BATCH });
			for (const ws of socks2) ws.close();
			sent += 2 * BATCHES * PER_BATCH;
			await s.stop('SIGTERM');
			current = null;
		}
		// after the trials, read storage directly
		const client = await openEngine(dir.path);
		try {
			expect(await count(client, 'SELECT count() FROM contact_events')).toBe(sent);
			expect(await count(client, 'SELECT uniqExact(source, event_id) FROM contact_events')).toBe(sent);
			// every acknowledged batch is complete in storage
			for (const src of SOURCES) {
				for (const key of acked[src]) {
					const [trial, b] = key.split('/');
					expect(await count(client, `SELECT count() FROM contact_events WHERE source = {src: String} AND startsWith(event_id, {p: String})`, { src, p: `t${trial}-b${b}-` })).toBe(PER_BATCH);
				}
			}
		} finally {
			await client.close();
		}
	});
});
