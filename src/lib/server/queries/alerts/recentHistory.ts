import type { ClickHouseClient } from '@clickhouse/client';
import { runQuery } from '../run';
import { HistoryRowSchema, type HistoryEntry } from './types';

/** The newest history rows, optionally for one alert, for the inbox and its CSV export. */
export function recentHistory(client: ClickHouseClient, params: { limit: number; alertId: string | null }): Promise<HistoryEntry[]> {
	return runQuery(client, {
		tag: 'alerts/recentHistory',
		row: HistoryRowSchema,
		params,
		sql: `SELECT at_ms, alert_id, kind, level, channel, actor, recipient, target, ok, detail
		      FROM alert_history WHERE ({alertId: Nullable(String)} IS NULL OR alert_id = {alertId: Nullable(String)})
		      ORDER BY at_ms DESC LIMIT {limit: UInt32}`
	});
}
