import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { AlertRecord } from '$alerts/index';
import { AlertRecordSchema } from '../../alerts/schemas';
import { jsonText, runQuery } from '../run';

const Row = v.pipe(v.object({ record: jsonText(AlertRecordSchema) }), v.transform((r) => r.record));

/** Latest version of every alert not resolved, or resolved since `sinceMs`. */
export function loadActiveAlerts(client: ClickHouseClient, params: { sinceMs: number }): Promise<AlertRecord[]> {
	return runQuery(client, {
		tag: 'alerts/loadActiveAlerts',
		row: Row,
		params,
		sql: `SELECT argMax(record, updated_at_ms) AS record FROM alerts GROUP BY id
		      HAVING argMax(status, updated_at_ms) != 'resolved' OR max(updated_at_ms) >= {sinceMs: Int64}`
	});
}
