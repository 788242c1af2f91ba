import type { ClickHouseClient } from '@clickhouse/client';
import { runCommand } from '../run';

/** After a day is settled again, its rows of earlier runs are never read: deleted (decision 0085). */
export function dropSupersededOutcomeRows(client: ClickHouseClient, p: { basis: string; day: string; run: number }): Promise<void> {
	return runCommand(client, {
		tag: 'reports/dropSupersededOutcomeRows',
		params: p,
		sql: `DELETE FROM report_outcome_day WHERE basis = {basis: String} AND day = {day: Date} AND run != {run: UInt64}`
	});
}
