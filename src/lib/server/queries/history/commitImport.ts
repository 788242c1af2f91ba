import type { ClickHouseClient } from '@clickhouse/client';
import { freshInsertToken } from '../dedupToken';
import { runCommand } from '../run';
import { BACKGROUND } from './background';
import { dropStaging } from './dropStaging';

/** Copies one validated import into history_intervals at `version` (one statement), then drops its staging rows. */
export async function commitImport(client: ClickHouseClient, importId: string, version: number): Promise<void> {
	await runCommand(client, {
		tag: 'history/commitImport',
		sql: `INSERT INTO history_intervals (channel, queue, interval_min, interval_start, offered, answered, abandoned, answered_within_target, aht_sec, avg_wait_sec, csat_avg, import_id, version)
		      SELECT channel, queue, interval_min, interval_start, offered, answered, abandoned, answered_within_target, aht_sec, avg_wait_sec, csat_avg, import_id, {version: UInt64}
		      FROM history_staging WHERE import_id = {importId: String}`,
		params: { importId, version },
		settings: { ...freshInsertToken('history-commit'), ...BACKGROUND }
	});
	await dropStaging(client, importId);
}
