import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

const Row = v.object({ day: str, run: num });
export type SettledOutcomeDay = v.InferOutput<typeof Row>;

/**
 * The settled days of one basis in [fromDay, toDay] (ISO dates, both included) and the run whose rows
 * count for each (decision 0085): the latest row per day in report_outcome_settled, by time then run,
 * when it says valid. A day invalidated by an import of old events is absent until settled again.
 */
export function settledOutcomeDays(client: ClickHouseClient, p: { basis: string; fromDay: string; toDay: string }): Promise<SettledOutcomeDay[]> {
	return runQuery(client, {
		tag: 'reports/settledOutcomeDays',
		row: Row,
		params: p,
		sql: `SELECT toString(d) AS day, cur_run AS run FROM (
		        SELECT day AS d, argMax(run, (at, run)) AS cur_run, argMax(valid, (at, run)) AS cur_valid
		        FROM report_outcome_settled
		        WHERE basis = {basis: String} AND day >= {fromDay: Date} AND day <= {toDay: Date}
		        GROUP BY day
		      ) WHERE cur_valid = 1 ORDER BY d`
	});
}
