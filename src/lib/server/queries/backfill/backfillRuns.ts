import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery } from '../run';

const Row = v.object({ status: v.picklist(['planned', 'done']), seed: num, from_ms: num, to_ms: num, days: num });
export type BackfillRun = v.InferOutput<typeof Row>;

/** The recorded runs of one backfill (`planned`, then `done`), oldest first. */
export function backfillRuns(client: ClickHouseClient, runKey: string): Promise<BackfillRun[]> {
	return runQuery(client, {
		tag: 'backfill/runs',
		row: Row,
		params: { key: runKey },
		sql: 'SELECT status, seed, from_ms, to_ms, days FROM backfill_runs WHERE run_key = {key:String} ORDER BY recorded_at'
	});
}
