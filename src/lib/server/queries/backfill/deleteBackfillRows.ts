import type { ClickHouseClient } from '@clickhouse/client';
import { runCommand } from '../run';

/** Deletes a torn month's backfill rows before it is written again (waits for the mutation). */
export function deleteBackfillRows(client: ClickHouseClient, fromMs: number, toMs: number): Promise<void> {
	return runCommand(client, {
		tag: 'backfill/deleteChunk',
		params: { from: Math.floor(fromMs / 1000), to: Math.ceil(toMs / 1000) },
		settings: { mutations_sync: '2' },
		sql: `ALTER TABLE contact_minute DELETE
		      WHERE origin = 'backfill' AND minute >= toDateTime({from:UInt32}, 'UTC') AND minute < toDateTime({to:UInt32}, 'UTC')`
	});
}
