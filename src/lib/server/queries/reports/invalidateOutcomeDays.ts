import type { ClickHouseClient } from '@clickhouse/client';
import { runCommand } from '../run';

/**
 * Old contact events were stored with timestamps in [minTsMs, maxTsMs] (an import through
 * /api/v1/history/events): every settled day whose counts they can change — a day from
 * (minTs − the basis' window) to maxTs — is marked not settled (valid = 0, at `atMs`), so reports
 * compute it live until the settler settles it again (decision 0085). The days are taken as UTC dates
 * widened by one day on each side (a local date is within a day of the UTC one in every zone; `toDate`
 * needs a constant zone): a neighbouring day may be settled once more than needed, never one less.
 */
export function invalidateOutcomeDays(client: ClickHouseClient, p: { minTsMs: number; maxTsMs: number; atMs: number }): Promise<void> {
	return runCommand(client, {
		tag: 'reports/invalidateOutcomeDays',
		params: p,
		sql: `INSERT INTO report_outcome_settled (basis, day, run, valid, window_days, tz, at)
		      SELECT b, d, 0, 0, w, z, fromUnixTimestamp64Milli({atMs: Int64}, 'UTC') FROM (
		        SELECT basis AS b, day AS d, argMax(valid, (at, run)) AS cur_valid, argMax(window_days, (at, run)) AS w, argMax(tz, (at, run)) AS z
		        FROM report_outcome_settled GROUP BY basis, day
		      )
		      WHERE cur_valid = 1
		        AND d >= toDate(fromUnixTimestamp64Milli({minTsMs: Int64}, 'UTC') - toIntervalDay(w), 'UTC') - 1
		        AND d <= toDate(fromUnixTimestamp64Milli({maxTsMs: Int64}, 'UTC'), 'UTC') + 1`
	});
}
