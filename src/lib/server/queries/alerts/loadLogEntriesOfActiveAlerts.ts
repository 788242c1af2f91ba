import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { NotificationLogEntry } from '$alerts/index';
import { NotificationLogEntrySchema } from '../../alerts/schemas';
import { jsonText, runQuery } from '../run';

const Row = v.pipe(v.object({ entry: jsonText(NotificationLogEntrySchema) }), v.transform((r) => r.entry));

/**
 * The notification log of the alerts loadActiveAlerts returns (same selection, as a subquery), at
 * start — not the ids as a parameter: 26 000 ids took 25 s on a busy machine after an overloaded
 * soak (issue 24, restart time).
 */
export function loadLogEntriesOfActiveAlerts(client: ClickHouseClient, params: { sinceMs: number }): Promise<NotificationLogEntry[]> {
	return runQuery(client, {
		tag: 'alerts/loadLogEntriesOfActiveAlerts',
		row: Row,
		params,
		sql: `SELECT argMax(entry, version_ms) AS entry FROM alert_notifications
		      WHERE alert_id IN (SELECT id FROM alerts GROUP BY id
		                         HAVING argMax(status, updated_at_ms) != 'resolved' OR max(updated_at_ms) >= {sinceMs: Int64})
		      GROUP BY log_key`
	});
}
