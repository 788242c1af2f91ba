import type { ClickHouseClient } from '@clickhouse/client';
import type { ChannelConfig, QueueConfig } from '$lib/types/domain';
import { backfillRuns } from '../queries/backfill/backfillRuns';
import { clearDedupToken } from '../queries/backfill/clearDedupToken';
import { countBackfillRows } from '../queries/backfill/countBackfillRows';
import { deleteBackfillRows } from '../queries/backfill/deleteBackfillRows';
import { insertBackfillRows } from '../queries/backfill/insertBackfillRows';
import { recordBackfillRun } from '../queries/backfill/recordBackfillRun';
import { generateHistorySlices, historyChunkBounds, planHistory, type HistoryPlan } from './historyGenerator';

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
		const runs = await backfillRuns(client, BACKFILL_RUN_KEY);
		const done = runs.find((r) => r.status === 'done');
		if (done) {
			return { skipped: true, rows: 0, fromMs: done.from_ms, toMs: done.to_ms, elapsedMs: performance.now() - t0 };
		}
		const pinned = runs.find((r) => r.status === 'planned');
		const plan: HistoryPlan = pinned
			? { seed: pinned.seed, fromMs: pinned.from_ms, toMs: pinned.to_ms }
			: planHistory(opts.endMs, days, opts.timezone, opts.seed);
		const planDays = pinned ? pinned.days : days;
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
				inFlight = insertBackfillRows(client, chunk.rows, {
					// a repair after a torn month needs a token of its own, or a Replicated table would drop it
					insert_deduplication_token: `backfill:${BACKFILL_RUN_KEY}:${plan.seed}:${plan.fromMs}:${plan.toMs}:${chunk.index}${present > 0 ? `:repair${present}` : ''}`
				}).then(() => {
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
		await clearDedupToken(client).catch(() => undefined);
	}
}

function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

async function recordRun(
	client: ClickHouseClient,
	status: 'planned' | 'done',
	plan: HistoryPlan,
	days: number,
	rows: number,
	elapsedMs: number
): Promise<void> {
	await recordBackfillRun(client, { runKey: BACKFILL_RUN_KEY, status, seed: plan.seed, fromMs: plan.fromMs, toMs: plan.toMs, days, rows, elapsedMs, recordedAtMs: Date.now() });
}
