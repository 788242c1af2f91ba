import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { runQuery, str } from '../run';

const Row = v.object({ d: str });

/** Days in [fromDay, toDay] with any settlement row (valid or invalidated) for the basis: a new run of them leaves older rows behind. */
export async function outcomeDaysEverSettled(client: ClickHouseClient, p: { basis: string; fromDay: string; toDay: string }): Promise<string[]> {
	const rows = await runQuery(client, {
		tag: 'reports/outcomeDaysEverSettled',
		row: Row,
		params: p,
		sql: `SELECT DISTINCT toString(day) AS d FROM report_outcome_settled WHERE basis = {basis: String} AND day >= {fromDay: Date} AND day <= {toDay: Date}`
	});
	return rows.map((r) => r.d);
}
