import type { ClickHouseClient } from '@clickhouse/client';

export interface IntervalHistoryRow {
	channel: string;
	/** interval start, epoch seconds (UTC) */
	t: number;
	offered: number;
	handled: number;
	handleMsSum: number;
}

/**
 * Contacts offered per channel and interval (15 or 30 minutes) from the per-minute aggregate:
 * live events (origin 'live') and the history backfill (origin 'backfill') together. Optional
 * queue filter (empty = all queues).
 */
export async function intervalHistory(
	client: ClickHouseClient,
	p: { channels: string[]; queues: string[]; fromSec: number; toSec: number; intervalMin: number }
): Promise<IntervalHistoryRow[]> {
	const rs = await client.query({
		query: `/* q:planning/intervalHistory */
			SELECT channel, toUnixTimestamp(toStartOfInterval(minute, toIntervalMinute({intervalMin: UInt16}))) AS t,
			       sum(offered) AS offered, sum(handled) AS handled, sum(handle_ms_sum) AS handle_ms_sum
			FROM contact_minute
			WHERE channel IN {channels: Array(String)}
			  AND (length({queues: Array(String)}) = 0 OR queue IN {queues: Array(String)})
			  AND minute >= toDateTime({fromSec: Int64}) AND minute < toDateTime({toSec: Int64})
			GROUP BY channel, t ORDER BY channel, t`,
		query_params: p,
		format: 'JSONEachRow'
	});
	const rows = await rs.json<{ channel: string; t: number | string; offered: number | string; handled: number | string; handle_ms_sum: number | string }>();
	return rows.map((r) => ({ channel: r.channel, t: Number(r.t), offered: Number(r.offered), handled: Number(r.handled), handleMsSum: Number(r.handle_ms_sum) }));
}
