import type { ClickHouseClient } from '@clickhouse/client';
import { DIM_COLUMN, countRows, filterSql, periodExpr, type CountRow, type KpiQuery } from './reportSql';

/**
 * FCR part: resolutions in [from, to) that were followed by a reopen of the same contact within
 * `windowDays` (n), per period × dims of the resolution event. The reopen set is small, so it is
 * read once and the resolutions are narrowed to its contacts before the join.
 */
export async function resolvedThenReopened(client: ClickHouseClient, q: KpiQuery, windowDays: number): Promise<CountRow[]> {
	const dimCols = q.dims.map((d) => DIM_COLUMN[d]);
	const dimSel = dimCols.map((c) => `, ${c}`).join('');
	const f = filterSql(q.filters);
	const reopens = `SELECT contact_key, ts FROM report_marks
		WHERE type = 'contact.reopened' AND ts > fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC')
		  AND ts <= fromUnixTimestamp64Milli({toMs: Int64}, 'UTC') + toIntervalDay({w: UInt32})`;
	const sql = `
		SELECT ${periodExpr(q.by, 'r.ts')} AS period${dimCols.map((c) => `, r.${c} AS ${c}`).join('')}, count() AS rep_n, 0 AS tot_m
		FROM (
		  -- only resolutions of contacts that were reopened at all: a key-only scan against the small reopen
		  -- set (PREWHERE), so the other columns and the join see ~5 % of the resolutions
		  SELECT ts, contact_key${dimSel} FROM report_marks
		  PREWHERE contact_key IN (SELECT contact_key FROM (${reopens}))
		  WHERE type = 'contact.resolved' AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC')
		    AND ts < fromUnixTimestamp64Milli({toMs: Int64}, 'UTC')${f.sql}
		) AS r
		INNER JOIN (SELECT contact_key, groupArray(ts) AS rts FROM (${reopens}) GROUP BY contact_key) AS o ON r.contact_key = o.contact_key
		WHERE arrayExists(x -> x > r.ts AND x <= r.ts + toIntervalDay({w: UInt32}), o.rts)
		GROUP BY period${dimCols.map((c) => `, ${c}`).join('')}`;
	return countRows(client, 'reports/resolvedThenReopened', sql, q, { w: windowDays, ...f.params });
}
