import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

const Row = v.object({ n: num, day: str });

/**
 * The local day of the earliest stored mark of the given types (report_marks, migration 0060), or null
 * when there is none: where settling FCR / 投诉二次率 days starts (decision 0085).
 */
export async function firstMarkDay(client: ClickHouseClient, p: { types: string[]; tz: string }): Promise<string | null> {
	const [r] = await runQuery(client, {
		tag: 'reports/firstMarkDay',
		row: Row,
		params: p,
		sql: `SELECT count() AS n, toString(toDate(min(ts), {tz: String})) AS day FROM report_marks WHERE type IN {types: Array(String)}`
	});
	return r && r.n > 0 ? r.day : null;
}
