import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { runBackfill } from '../../src/lib/server/simulator/backfill';
import { generateHistory, planHistory, type BackfillRow } from '../../src/lib/server/simulator/historyGenerator';
import { bundledMigrations, migrate } from '../../src/lib/server/storage/migrate';

/**
 * A backfill that crashes half-way and finds a torn month must still end with exactly one copy
 * of every row. Short history (70 days → 3 monthly chunks) to keep the test fast.
 */

const TZ = 'Asia/Shanghai';
const END = Date.UTC(2026, 4, 20, 3, 30); // 2026-05-20 11:30 +08:00
const DAYS = 70;
const SEED = 5;

let dir: string;
let client: ClickHouseClient;

const opts = (endMs: number) => ({ client, channels: DEFAULT_CHANNELS, queues: DEFAULT_QUEUES, timezone: TZ, seed: SEED, endMs, days: DAYS });

async function rows<T>(query: string): Promise<T[]> {
	return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}

/** The rows of the pinned plan, generated in memory: what the table must hold exactly once. */
function expectedRows(): BackfillRow[][] {
	return [...generateHistory(planHistory(END, DAYS, TZ, SEED), { channels: DEFAULT_CHANNELS, queues: DEFAULT_QUEUES, timezone: TZ })].map((c) => c.rows);
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'backfill-resume-'));
	const { createClient } = await import('@clickhouse/client');
	const { createChdbConnection } = await import('chdb/connection');
	client = createClient({ connection: createChdbConnection({ path: dir }) } as Parameters<typeof createClient>[0]);
	await migrate(client, bundledMigrations(), { cluster: null });
}, 120_000);

afterAll(async () => {
	await client?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('backfill after a crash', () => {
	it('resumes the pinned plan, repairs a torn month, and ends with exactly one copy', async () => {
		const chunks = expectedRows();
		expect(chunks.length).toBe(3);

		// 1. the process "dies" right after the first month was stored
		await expect(
			runBackfill({
				...opts(END),
				onProgress: (p) => {
					if (p.done === 1) throw new Error('simulated crash');
				}
			})
		).rejects.toThrow('simulated crash');
		const [afterCrash] = await rows<{ n: string }>("SELECT count() AS n FROM contact_minute WHERE origin = 'backfill'");
		expect(Number(afterCrash.n)).toBe(chunks[0].length);
		const runs = await rows<{ status: string }>('SELECT status FROM backfill_runs ORDER BY recorded_at');
		expect(runs.map((r) => r.status)).toEqual(['planned']);

		// 2. a torn second month (never produced by a single-part insert, but the run must cope)
		await client.insert({ table: 'contact_minute', values: chunks[1].slice(0, 1000), format: 'JSONEachRow' });

		// 3. the next start, an hour later: it must finish the plan pinned by the first run, not a new one
		const resumed = await runBackfill(opts(END + 3_600_000));
		expect(resumed.skipped).toBe(false);
		expect(resumed.toMs).toBe(END);
		expect(resumed.rows).toBe(chunks[1].length + chunks[2].length);

		// exactly one copy: as many rows as keys, and every sum equal to the generated rows' sums
		const all = chunks.flat();
		const sum = (k: keyof BackfillRow) => all.reduce((a, r) => a + (r[k] as number), 0);
		const [t] = await rows<Record<string, string>>(
			`SELECT count() AS n, uniqExact(channel, queue, minute) AS keys, sum(offered) AS offered, sum(answered) AS answered,
				sum(abandoned) AS abandoned, sum(handle_ms_sum) AS handle, sum(wait_answered_ms_sum) AS wait, sum(csat_sum) AS csat
				FROM contact_minute WHERE origin = 'backfill'`
		);
		expect(Number(t.n)).toBe(all.length);
		expect(Number(t.keys)).toBe(all.length);
		expect(Number(t.offered)).toBe(sum('offered'));
		expect(Number(t.answered)).toBe(sum('answered'));
		expect(Number(t.abandoned)).toBe(sum('abandoned'));
		expect(Number(t.handle)).toBe(sum('handle_ms_sum'));
		expect(Number(t.wait)).toBe(sum('wait_answered_ms_sum'));
		expect(Number(t.csat)).toBe(sum('csat_sum'));
		const status = await rows<{ status: string }>('SELECT status FROM backfill_runs ORDER BY recorded_at');
		expect(status.map((r) => r.status)).toEqual(['planned', 'done']);

		// 4. and the run after that writes nothing
		const again = await runBackfill(opts(END + 7_200_000));
		expect(again).toMatchObject({ skipped: true, rows: 0 });
		const [t2] = await rows<{ n: string }>("SELECT count() AS n FROM contact_minute WHERE origin = 'backfill'");
		expect(Number(t2.n)).toBe(all.length);
	}, 120_000);
});

describe('backfill stopped with the server', () => {
	it('ends after the month being written when its signal is aborted, and the next run resumes the plan', async () => {
		// one engine path per process (docs/chdb-engine.md): the same client, emptied, runs a fresh plan
		await client.command({ query: 'TRUNCATE TABLE contact_minute' });
		await client.command({ query: 'TRUNCATE TABLE backfill_runs' });
		const chunks = expectedRows();
		const abort = new AbortController();
		const stopped = await runBackfill({
			...opts(END),
			signal: abort.signal,
			onProgress: (p) => {
				if (p.done === 1) abort.abort(); // Ctrl-C while the first month is being written
			}
		});
		expect(stopped).toMatchObject({ skipped: false, stopped: true, rows: chunks[0].length });
		const runs = await rows<{ status: string }>('SELECT status FROM backfill_runs ORDER BY recorded_at');
		expect(runs.map((r) => r.status)).toEqual(['planned']); // not marked done: the next start resumes
		const resumed = await runBackfill(opts(END + 3_600_000));
		expect(resumed.stopped).toBeUndefined();
		expect(resumed.rows).toBe(chunks[1].length + chunks[2].length);
		const [t] = await rows<{ n: string }>("SELECT count() AS n FROM contact_minute WHERE origin = 'backfill'");
		expect(Number(t.n)).toBe(chunks.flat().length);
	}, 120_000);
});
