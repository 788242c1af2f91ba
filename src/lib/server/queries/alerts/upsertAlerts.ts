import type { ClickHouseClient } from '@clickhouse/client';
import type { AlertRecord } from '$alerts/index';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/**
 * New versions of alert records (migration 0004). The row keeps the engine's own JSON record; the
 * typed columns beside it are for filtering and for people reading the table.
 */
export function upsertAlerts(client: ClickHouseClient, alerts: AlertRecord[]): Promise<void> {
	return runInsert(client, {
		tag: 'alerts/upsertAlerts',
		table: 'alerts',
		values: alerts.map((a) => ({
			id: a.id,
			updated_at_ms: a.updatedAtMs,
			status: a.status,
			level: a.level,
			channel: String(a.labels.channel ?? ''),
			started_at_ms: a.startedAtMs,
			record: JSON.stringify(a)
		})),
		token: freshInsertToken('alerts')
	});
}
