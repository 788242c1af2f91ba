import type { ClickHouseClient } from '@clickhouse/client';
import type { NotificationLogEntry } from '$alerts/index';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/** New versions of notification log entries (emitted, then delivered or failed). */
export function upsertLogEntries(client: ClickHouseClient, entries: NotificationLogEntry[]): Promise<void> {
	return runInsert(client, {
		tag: 'alerts/upsertLogEntries',
		table: 'alert_notifications',
		values: entries.map((e) => ({
			log_key: e.logKey,
			version_ms: e.settledAtMs ?? e.emittedAtMs,
			alert_id: e.alertId,
			status: e.status,
			entry: JSON.stringify(e)
		})),
		token: freshInsertToken('alert-log')
	});
}
