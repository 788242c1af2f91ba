import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { runQuery, str } from '../run';

/** The targets a digest's period was delivered to already (not sent again). */
export async function deliveredTargets(client: ClickHouseClient, digestId: string, periodFrom: string): Promise<Set<string>> {
	const rows = await runQuery(client, {
		tag: 'reports/digestDelivered',
		row: v.object({ target_id: str }),
		params: { id: digestId, p: periodFrom },
		sql: 'SELECT DISTINCT target_id FROM report_digest_log WHERE digest_id = {id: String} AND period_from = {p: Date} AND ok = 1'
	});
	return new Set(rows.map((r) => r.target_id));
}
