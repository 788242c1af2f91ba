import type { ClickHouseClient } from '@clickhouse/client';
import type { ChannelConfig, QueueConfig } from '$lib/types/domain';
import { generateHistorySlices, historyChunkBounds, planHistory, type BackfillRow, type HistoryPlan } from './historyGenerator';

/** Identifies this backfill (table and generator version) in `backfill_runs`. */
export const BACKFILL_RUN_KEY = 'contact_minute/v1';
/** Default history length: two years and a month, so a year-over-year comparison always has a full year before it. */
export const DEFAULT_BACKFILL_DAYS = 760;

export interface BackfillOptions {
	client: ClickHouseClient;
	channels: readonly ChannelConfig[];
	queues: readonly QueueConfig[];
	timezone: string;
	seed: number;
	/** the history ends here (normally: now, when live mode takes over) */
	endMs: number;
	/** days of history before the day of endMs (default 760) */
	days?: number;
	volumeScale?: number;
	onProgress?: (p: { done: number; total: number; rows: number }) => void;
	/** aborted: stop after the month being written (the server is shutting down); the next run resumes */
	signal?: AbortSignal;
}

export interface BackfillResult {
	/** true when a completed backfill was found and nothing was written */
	skipped: boolean;
	/** stopped by `signal` before the last month: the next run resumes where this one ended */
	stopped?: boolean;
	/** rows written by this call */
	rows: number;
	fromMs: number;
	toMs: number;
	elapsedMs: number;
}

interface RunRow {
	status: string;
	seed: number;
	from_ms: string | number;
	to_ms: string | number;
	days: number;
}

/**
 * Writes the interval-level history (15-minute rows per channel and queue, origin 'backfill') into
 * `contact_minute`, once. Idempotent and crash-safe:
 * - a 'done' row in `backfill_runs` → skipped;
 * - otherwise the plan (seed, from, to) is pinned by a 'planned' row before anything is written, so a
 *   run resumed after a crash regenerates exactly the same rows;
 * - the rows go in one insert per UTC month (= one partition, one atomic part); before each insert
 *   the month's backfill rows are counted: complete → skipped, none → inserted, anything else (a
 *   torn or doubled month, which the single-part insert should never leave) → deleted and inserted
 *   again. Every insert carries a deterministic `insert_deduplication_token`, which on a Replicated
 *   table also drops a retried block; on the embedded engine contact_minute has no dedup window,
 *   so the count is what guarantees one copy.
 * Settings stick to chDB connections (docs/chdb-engine.md): the token is passed on every insert
 * and cleared on the connection at the end, so later inserts on the same client are not dropped.
 *
 * @throws on storage errors (nothing is marked done; the next start resumes)
 */
export async function runBackfill(opts: BackfillOptions): Promise<BackfillResult> {
	const t0 = performance.now();
	const { client } = opts;
	const days = opts.days ?? DEFAULT_BACKFILL_DAYS;
	if (!Number.isFinite(opts.endMs)) throw new Error(`runBackfill: endMs must be epoch ms, got ${opts.endMs}`);
	if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) {
		throw new Error(`runBackfill: seed must be an integer in 0…2^32−1, got ${opts.seed}`);
	}
	try {
		const runs = await readRuns(client);
		const done = runs.find((r) => r.status === 'done');
		if (done) {
			return { skipped: true, rows: 0, fromMs: Number(done.from_ms), toMs: Number(done.to_ms), elapsedMs: performance.now() - t0 };
		}
		const pinned = runs.find((r) => r.status === 'planned');
		const plan: HistoryPlan = pinned
			? { seed: Number(pinned.seed), fromMs: Number(pinned.from_ms), toMs: Number(pinned.to_ms) }
			: planHistory(opts.endMs, days, opts.timezone, opts.seed);
		const planDays = pinned ? Number(pinned.days) : days;
		if (!pinned) await recordRun(client, 'planned', plan, planDays, 0, 0);

		const total = historyChunkBounds(plan).length;
		let written = 0;
		// The insert of one month runs in the engine (off the JS thread) while the next month is
		// generated: the two overlap on a 2-core machine. One statement at a time on the connection.
		let inFlight: Promise<void> = Promise.resolve();
		for (const chunk of generateHistorySlices(plan, opts, true)) {
			if (chunk === null) {
				// a day generated: let the server breathe (live ingest, the board) between days
				await yieldToEventLoop();
				continue;
			}
			await inFlight;
			if (opts.signal?.aborted) {
				return { skipped: false, stopped: true, rows: written, fromMs: plan.fromMs, toMs: plan.toMs, elapsedMs: performance.now() - t0 };
			}
			const present = await countBackfillRows(client, chunk.fromMs, chunk.toMs);
			if (present !== chunk.rows.length) {
				if (present > 0) await deleteBackfillRows(client, chunk.fromMs, chunk.toMs);
				const rows = chunk.rows.length;
				inFlight = client
					.insert({
						table: 'contact_minute',
						values: chunk.rows.map(compactRow),
						columns: [...ROW_COLUMNS],
						format: 'JSONCompactEachRow',
						clickhouse_settings: {
							// a repair after a torn month needs a token of its own, or a Replicated table would drop it
							insert_deduplication_token: `backfill:${BACKFILL_RUN_KEY}:${plan.seed}:${plan.fromMs}:${plan.toMs}:${chunk.index}${present > 0 ? `:repair${present}` : ''}`
						}
					})
					.then(() => {
						written += rows;
						opts.onProgress?.({ done: chunk.index + 1, total, rows: written });
					});
				// a failure surfaces at the next `await inFlight`; until then it must not count as unhandled
				// (Node would end the process while the next month is being generated)
				inFlight.catch(() => undefined);
				// let the client hand the block to the engine before the generator takes the thread again
				await yieldToEventLoop();
				await yieldToEventLoop();
			} else {
				opts.onProgress?.({ done: chunk.index + 1, total, rows: written });
			}
		}
		await inFlight;
		const elapsedMs = performance.now() - t0;
		await recordRun(client, 'done', plan, planDays, written, elapsedMs);
		return { skipped: false, rows: written, fromMs: plan.fromMs, toMs: plan.toMs, elapsedMs };
	} finally {
		// An empty token switches deduplication-by-token off again for later calls on this connection.
		await client.command({ query: 'SELECT 1', clickhouse_settings: { insert_deduplication_token: '' } }).catch(() => undefined);
	}
}

function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/** The columns written, in the order of the compact rows below. */
const ROW_COLUMNS = [
	'minute',
	'channel',
	'queue',
	'origin',
	'offered',
	'answered',
	'abandoned',
	'resolved',
	'reopened',
	'wait_answered_ms_sum',
	'handle_ms_sum',
	'handled',
	'answered_wait_hist',
	'abandoned_wait_hist',
	'csat_sum',
	'csat_count',
	'nps_promoters',
	'nps_detractors',
	'nps_count'
] as const satisfies readonly (keyof BackfillRow)[];

/** JSONCompactEachRow row: a quarter fewer bytes to build and parse than JSONEachRow objects. */
function compactRow(r: BackfillRow): unknown[] {
	return ROW_COLUMNS.map((c) => r[c]);
}

async function readRuns(client: ClickHouseClient): Promise<RunRow[]> {
	const rs = await client.query({
		query: `/* q:backfill/runs */ SELECT status, seed, from_ms, to_ms, days FROM backfill_runs
			WHERE run_key = {key:String} ORDER BY recorded_at`,
		query_params: { key: BACKFILL_RUN_KEY },
		format: 'JSONEachRow'
	});
	return rs.json<RunRow>();
}

async function recordRun(
	client: ClickHouseClient,
	status: 'planned' | 'done',
	plan: HistoryPlan,
	days: number,
	rows: number,
	elapsedMs: number
): Promise<void> {
	await client.insert({
		table: 'backfill_runs',
		values: [
			{
				run_key: BACKFILL_RUN_KEY,
				status,
				seed: plan.seed,
				from_ms: plan.fromMs,
				to_ms: plan.toMs,
				days,
				rows,
				elapsed_ms: Math.round(elapsedMs),
				recorded_at: Date.now()
			}
		],
		format: 'JSONEachRow',
		clickhouse_settings: {
			insert_deduplication_token: `backfill-run:${BACKFILL_RUN_KEY}:${status}:${plan.seed}:${plan.fromMs}:${plan.toMs}`
		}
	});
}

async function countBackfillRows(client: ClickHouseClient, fromMs: number, toMs: number): Promise<number> {
	const rs = await client.query({
		query: `/* q:backfill/chunkRows */ SELECT count() AS n FROM contact_minute
			WHERE origin = 'backfill' AND minute >= toDateTime({from:UInt32}, 'UTC') AND minute < toDateTime({to:UInt32}, 'UTC')`,
		query_params: { from: Math.floor(fromMs / 1000), to: Math.ceil(toMs / 1000) },
		format: 'JSONEachRow'
	});
	const [row] = await rs.json<{ n: string | number }>();
	return Number(row?.n ?? 0);
}

async function deleteBackfillRows(client: ClickHouseClient, fromMs: number, toMs: number): Promise<void> {
	await client.command({
		query: `/* q:backfill/deleteChunk */ ALTER TABLE contact_minute DELETE
			WHERE origin = 'backfill' AND minute >= toDateTime({from:UInt32}, 'UTC') AND minute < toDateTime({to:UInt32}, 'UTC')`,
		query_params: { from: Math.floor(fromMs / 1000), to: Math.ceil(toMs / 1000) },
		clickhouse_settings: { mutations_sync: '2' }
	});
}
