import type { ClickHouseClient } from '@clickhouse/client';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

export interface OutcomeDayMark {
	basis: string;
	day: string;
	run: number;
	windowDays: number;
	tz: string;
	/** when the settlement's reads began (an invalidation after it wins: decision 0085) */
	atMs: number;
}

/** Records days as settled under their runs (report_outcome_settled, migration 0085). */
export function markOutcomeDays(client: ClickHouseClient, marks: OutcomeDayMark[]): Promise<void> {
	return runInsert(client, {
		tag: 'reports/markOutcomeDays',
		table: 'report_outcome_settled',
		values: marks.map((m) => ({ basis: m.basis, day: m.day, run: m.run, valid: 1, window_days: m.windowDays, tz: m.tz, at: m.atMs })),
		token: freshInsertToken('outcome-settled')
	});
}
