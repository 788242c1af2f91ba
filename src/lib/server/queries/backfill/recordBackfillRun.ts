import type { ClickHouseClient } from '@clickhouse/client';
import { runInsert } from '../run';

/**
 * Records a backfill run's plan (`planned`, before anything is written) or its end (`done`). The
 * token is derived from the plan: a retried record is dropped instead of doubled.
 */
export function recordBackfillRun(
	client: ClickHouseClient,
	r: { runKey: string; status: 'planned' | 'done'; seed: number; fromMs: number; toMs: number; days: number; rows: number; elapsedMs: number; recordedAtMs: number }
): Promise<void> {
	return runInsert(client, {
		tag: 'backfill/recordRun',
		table: 'backfill_runs',
		values: [
			{
				run_key: r.runKey,
				status: r.status,
				seed: r.seed,
				from_ms: r.fromMs,
				to_ms: r.toMs,
				days: r.days,
				rows: r.rows,
				elapsed_ms: Math.round(r.elapsedMs),
				recorded_at: r.recordedAtMs
			}
		],
		token: { insert_deduplication_token: `backfill-run:${r.runKey}:${r.status}:${r.seed}:${r.fromMs}:${r.toMs}` }
	});
}
