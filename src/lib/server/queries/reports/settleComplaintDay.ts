import type { ClickHouseClient } from '@clickhouse/client';
import { runCommand } from '../run';
import { COMPLAINTS_BY_CUSTOMER, COMPLAINT_REPEATED, REOPENS_BY_CONTACT } from './reportSql';

/**
 * Settles 投诉二次率 for one local day (decision 0085): per channel × queue × team × agent × category ×
 * tier of the arrival, the day's complaint-queue arrivals (m) and those followed within `w` days by
 * another complaint-queue arrival of the same customer or by a reopen of the same contact (n) —
 * docs/metrics.md complaintRepeatPct, the same joins as the live `complaintRepeats`
 * (queries/reports/complaintRepeats.ts) restricted to [fromMs, toMs) = the day. Written under `run`.
 */
export function settleComplaintDay(
	client: ClickHouseClient,
	p: { basis: string; day: string; run: number; fromMs: number; toMs: number; w: number; cq: string[] }
): Promise<void> {
	return runCommand(client, {
		tag: 'reports/settleComplaintDay',
		params: p,
		sql: `INSERT INTO report_outcome_day (basis, day, run, channel, queue, team_id, agent_id, category, tier, n, m)
		      SELECT {basis: String}, {day: Date}, {run: UInt64}, c.channel, c.queue, c.team_id, c.agent_id, c.category, c.tier,
		        ${COMPLAINT_REPEATED} AS n,
		        count() AS m
		      FROM (
		        SELECT ts, contact_key, customer_key, channel, queue, team_id, agent_id, category, tier FROM report_marks
		        WHERE type = 'contact.arrived' AND queue IN {cq: Array(String)}
		          AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({toMs: Int64}, 'UTC')
		      ) AS c
		      LEFT JOIN (${COMPLAINTS_BY_CUSTOMER}) AS nx ON c.customer_key = nx.customer_key
		      LEFT JOIN (${REOPENS_BY_CONTACT}) AS o ON c.contact_key = o.contact_key
		      GROUP BY c.channel, c.queue, c.team_id, c.agent_id, c.category, c.tier`
	});
}
