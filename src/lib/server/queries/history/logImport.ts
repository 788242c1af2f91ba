import type { ClickHouseClient } from '@clickhouse/client';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';
import type { ImportLogEntry } from './importLog';

/** A new version of an import's log entry (started, then done, refused or failed). */
let logVersion = 0;
export async function logImport(client: ClickHouseClient, e: ImportLogEntry): Promise<void> {
	logVersion = Math.max(logVersion + 1, Date.now() * 1000);
	await runInsert(client, {
		tag: 'history/logImport',
		table: 'history_imports',
		values: [
			{
				id: e.id,
				version: logVersion,
				kind: e.kind,
				status: e.status,
				file_name: e.fileName,
				format: e.format,
				imported_by: e.importedBy,
				started_at: e.startedAtMs,
				finished_at: e.finishedAtMs,
				rows: e.rows,
				errors: e.errors,
				series: e.series,
				first_interval: e.firstSec,
				last_interval: e.lastSec,
				message: e.message
			}
		],
		token: freshInsertToken('history-log')
	});
}
