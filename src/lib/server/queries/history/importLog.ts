import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { nullableNum, num, collectQuery, str, strArray } from '../run';

const Row = v.pipe(
	v.object({
		id: str,
		kind: v.picklist(['intervals', 'events']),
		status: v.picklist(['running', 'done', 'refused', 'failed']),
		file_name: str,
		format: str,
		imported_by: str,
		started_ms: num,
		finished_ms: nullableNum,
		rows: num,
		errors: num,
		series: strArray,
		first_sec: nullableNum,
		last_sec: nullableNum,
		message: str
	}),
	v.transform((r) => ({
		id: r.id,
		kind: r.kind,
		status: r.status,
		fileName: r.file_name,
		format: r.format,
		importedBy: r.imported_by,
		startedAtMs: r.started_ms,
		finishedAtMs: r.finished_ms,
		rows: r.rows,
		errors: r.errors,
		series: r.series,
		firstSec: r.first_sec,
		lastSec: r.last_sec,
		message: r.message
	}))
);

/** One import as the imports list shows it (migration 0010, decision 0013). */
export type ImportLogEntry = v.InferOutput<typeof Row>;

/** The newest imports, latest version of each. */
export function importLog(client: ClickHouseClient, limit: number): Promise<ImportLogEntry[]> {
	return collectQuery(client, {
		tag: 'history/importLog',
		row: Row,
		params: { limit },
		sql: `SELECT id, kind, status, file_name, format, imported_by, toUnixTimestamp64Milli(started_at) AS started_ms,
		        toUnixTimestamp64Milli(finished_at) AS finished_ms, rows, errors, series,
		        toUnixTimestamp(first_interval) AS first_sec, toUnixTimestamp(last_interval) AS last_sec, message
		      FROM history_imports FINAL ORDER BY started_at DESC LIMIT {limit: UInt32}`
	});
}
