import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { NotificationLogEntry } from '$alerts/index';
import { NotificationLogEntrySchema } from '../../alerts/schemas';
import { jsonText, streamQuery } from '../run';
import { OWING_ALERT_IDS } from './loadAlertsToRestore';

const Row = v.object({
	entry: jsonText(NotificationLogEntrySchema)
});

/**
 * The notification log of exactly the alerts `loadAlertsToRestore` returns (same selection, as a
 * subquery, not a parameter list of ids), latest version of each entry.
 */
export async function loadLogToRestore(client: ClickHouseClient, params: { sinceMs: number }): Promise<NotificationLogEntry[]> {
	const out: NotificationLogEntry[] = [];
	await streamQuery(
		client,
		{
			tag: 'alerts/loadLogToRestore',
			row: Row,
			params,
			sql: `SELECT argMax(entry, version_ms) AS entry FROM alert_notifications
			      WHERE alert_id IN (
			        SELECT id FROM (
			          SELECT id, argMax(record, updated_at_ms) AS rec, argMax(status, updated_at_ms) AS st, max(updated_at_ms) AS upd
			          FROM alerts GROUP BY id)
			        WHERE st != 'resolved'
			           OR (upd >= {sinceMs: Int64}
			               AND (JSONExtractBool(rec, 'suppressUntilClear') OR id IN (${OWING_ALERT_IDS}))))
			      GROUP BY log_key`
		},
		(r) => out.push(r.entry)
	);
	return out;
}
