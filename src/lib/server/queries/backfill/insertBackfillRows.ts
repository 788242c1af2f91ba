import type { ClickHouseClient } from '@clickhouse/client';
import type { BackfillRow } from '../../simulator/historyGenerator';
import { runInsert } from '../run';

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

/**
 * One month of generated history into `contact_minute` (one partition, one part). JSONCompactEachRow
 * rows: a quarter fewer bytes to build and parse than JSONEachRow objects. The token names the block
 * (deterministic for the plan and month: decision 0008).
 */
export function insertBackfillRows(client: ClickHouseClient, rows: readonly BackfillRow[], token: { insert_deduplication_token: string }): Promise<void> {
	return runInsert(client, {
		tag: 'backfill/insertChunk',
		table: 'contact_minute',
		format: 'JSONCompactEachRow',
		columns: ROW_COLUMNS,
		values: rows.map((r) => ROW_COLUMNS.map((c) => r[c])),
		token
	});
}
