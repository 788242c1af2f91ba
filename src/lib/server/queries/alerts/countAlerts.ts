import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery } from '../run';
import { ALERT_LIST_FROM, type AlertListFilter } from './types';

/** How many alert episodes match the inbox filters (the total beside one page of `listAlerts`). */
export async function countAlerts(client: ClickHouseClient, filter: AlertListFilter): Promise<number> {
	const [r] = await runQuery(client, {
		tag: 'alerts/countAlerts',
		row: v.object({ n: num }),
		params: { ...filter },
		sql: `SELECT count() AS n FROM ${ALERT_LIST_FROM}`
	});
	return r?.n ?? 0;
}
