import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { AlertRecord } from '$alerts/index';
import { AlertRecordSchema } from '../../alerts/schemas';
import { jsonText, runQuery } from '../run';
import { ALERT_LIST_FROM, type AlertListFilter } from './types';

const Row = v.pipe(v.object({ rec: jsonText(AlertRecordSchema) }), v.transform((r) => r.rec));

/** One page of alert episodes matching the inbox filters (latest version of each), newest first. */
export function listAlerts(client: ClickHouseClient, filter: AlertListFilter, page: { offset: number; limit: number }): Promise<AlertRecord[]> {
	return runQuery(client, {
		tag: 'alerts/listAlerts',
		row: Row,
		params: { ...filter, ...page },
		sql: `SELECT rec FROM ${ALERT_LIST_FROM}
		      ORDER BY started DESC, id LIMIT {limit: UInt32} OFFSET {offset: UInt32}`
	});
}
