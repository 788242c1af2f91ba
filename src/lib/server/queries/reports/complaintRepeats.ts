import type { ClickHouseClient } from '@clickhouse/client';
import { COMPLAINTS_BY_CUSTOMER, COMPLAINT_REPEATED, DIM_COLUMN, REOPENS_BY_CONTACT, countRows, filterSql, periodExpr, type CountRow, type KpiQuery } from './reportSql';

/**
 * 投诉二次率 part: complaint-queue arrivals in [from, to) (m) and those followed within `windowDays`
 * by another complaint-queue arrival of the same customer or by a reopen of the same contact (n).
 */
export async function complaintRepeats(
	client: ClickHouseClient,
	q: KpiQuery,
	windowDays: number,
	complaintQueues: string[]
): Promise<CountRow[]> {
	if (complaintQueues.length === 0) return [];
	const dimCols = q.dims.map((d) => DIM_COLUMN[d]);
	const f = filterSql(q.filters);
	const sql = `
		SELECT ${periodExpr(q.by, 'c.ts')} AS period${dimCols.map((col) => `, c.${col} AS ${col}`).join('')},
		  ${COMPLAINT_REPEATED} AS rep_n,
		  count() AS tot_m
		FROM (
		  SELECT ts, contact_key, customer_key${dimCols.map((col) => `, ${col}`).join('')} FROM report_marks
		  WHERE type = 'contact.arrived' AND queue IN {cq: Array(String)}
		    AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({toMs: Int64}, 'UTC')${f.sql}
		) AS c
		LEFT JOIN (${COMPLAINTS_BY_CUSTOMER}) AS nx ON c.customer_key = nx.customer_key
		LEFT JOIN (${REOPENS_BY_CONTACT}) AS o ON c.contact_key = o.contact_key
		GROUP BY period${dimCols.map((col) => `, ${col}`).join('')}`;
	return countRows(client, 'reports/complaintRepeats', sql, q, { w: windowDays, cq: complaintQueues, ...f.params });
}
