import type { ClickHouseClient } from '@clickhouse/client';
import { runCommand } from '../run';
import { REOPENS_BY_CONTACT } from './reportSql';

/**
 * Settles FCR for one local day (decision 0085): per channel × queue × team × agent × category × tier
 * of the resolution event, the day's resolutions (m) and those followed by a reopen of the same
 * contact within `w` days (n) — docs/metrics.md fcrPct, the same join as the live
 * `resolvedThenReopened` (queries/reports/resolvedThenReopened.ts) restricted to [fromMs, toMs) = the day.
 * Written under `run`; report_outcome_settled says which run counts.
 */
export function settleFcrDay(
	client: ClickHouseClient,
	p: { basis: string; day: string; run: number; fromMs: number; toMs: number; w: number }
): Promise<void> {
	return runCommand(client, {
		tag: 'reports/settleFcrDay',
		params: p,
		sql: `INSERT INTO report_outcome_day (basis, day, run, channel, queue, team_id, agent_id, category, tier, n, m)
		      SELECT {basis: String}, {day: Date}, {run: UInt64}, r.channel, r.queue, r.team_id, r.agent_id, r.category, r.tier,
		        countIf(arrayExists(x -> x > r.ts AND x <= r.ts + toIntervalDay({w: UInt32}), o.rts)) AS n,
		        count() AS m
		      FROM (
		        SELECT ts, contact_key, channel, queue, team_id, agent_id, category, tier FROM report_marks
		        WHERE type = 'contact.resolved' AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({toMs: Int64}, 'UTC')
		      ) AS r
		      LEFT JOIN (${REOPENS_BY_CONTACT}) AS o ON r.contact_key = o.contact_key
		      GROUP BY r.channel, r.queue, r.team_id, r.agent_id, r.category, r.tier`
	});
}
