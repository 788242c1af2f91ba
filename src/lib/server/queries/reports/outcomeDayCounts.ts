import type { ClickHouseClient } from '@clickhouse/client';
import { countRows, dayPeriodExpr, DIM_COLUMN, filterSql, type CountRow, type ReportDim, type ReportFilters } from './reportSql';

/**
 * Settled FCR or 投诉二次率 counts (report_outcome_day, decision 0085) per period × dims over the given
 * settled days, each read under its current run: n (reopened / repeated) and m (resolutions /
 * complaint contacts), in the shape of the live queries' rows so that both add up. Column-wise
 * (`queryColumns`): a 90-day report by agent has tens of thousands of rows.
 */
export async function outcomeDayCounts(
	client: ClickHouseClient,
	p: { basis: string; runs: number[]; fromDay: string; toDay: string; by: 'day' | 'week' | 'month' | 'total'; dims: ReportDim[]; filters: ReportFilters }
): Promise<CountRow[]> {
	if (p.runs.length === 0) return [];
	const dimCols = p.dims.map((d) => DIM_COLUMN[d]);
	const f = filterSql(p.filters);
	return countRows(
		client,
		'reports/outcomeDayCounts',
		`SELECT ${dayPeriodExpr(p.by)} AS period${dimCols.map((c) => `, ${c}`).join('')}, sum(n) AS rep_n, sum(m) AS tot_m
		 FROM report_outcome_day
		 WHERE basis = {basis: String} AND day >= {fromDay: Date} AND day <= {toDay: Date} AND run IN {runs: Array(UInt64)}${f.sql}
		 GROUP BY period${dimCols.map((c) => `, ${c}`).join('')}`,
		{ dims: p.dims },
		{ basis: p.basis, fromDay: p.fromDay, toDay: p.toDay, runs: p.runs, ...f.params }
	);
}
