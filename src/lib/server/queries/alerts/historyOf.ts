import type { ClickHouseClient } from '@clickhouse/client';
import { runQuery } from '../run';
import { HistoryRowSchema, type HistoryEntry } from './types';

/** History rows of some alerts (the inbox's "who acknowledged / who was told"), oldest first. */
export async function historyOf(client: ClickHouseClient, alertIds: string[]): Promise<HistoryEntry[]> {
	if (alertIds.length === 0) return [];
	return runQuery(client, {
		tag: 'alerts/historyOf',
		row: HistoryRowSchema,
		params: { alertIds },
		sql: `SELECT at_ms, alert_id, kind, level, channel, actor, recipient, target, ok, detail
		      FROM alert_history WHERE alert_id IN {alertIds: Array(String)} ORDER BY at_ms LIMIT 5000`
	});
}
