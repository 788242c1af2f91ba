import type { ClickHouseClient } from '@clickhouse/client';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';
import type { HistoryRow } from './types';

/** Appends rows to the alert history the inbox shows. */
export function insertHistory(client: ClickHouseClient, rows: HistoryRow[]): Promise<void> {
	return runInsert(client, { tag: 'alerts/insertHistory', table: 'alert_history', values: rows, token: freshInsertToken('alert-history') });
}
