import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery } from '../run';

export interface IntervalHistoryRow {
	/** interval start, epoch seconds (UTC) */
	t: number;
	offered: number;
}

const Row = v.pipe(
	v.tuple([num, num]),
	v.transform(([t, offered]): IntervalHistoryRow => ({ t, offered }))
);

/**
 * Contacts offered in one channel per interval (15 or 30 minutes) from the per-minute aggregate:
 * live events (origin 'live') and the history backfill (origin 'backfill') together. Optional
 * queue filter (empty = all queues). One channel per query: on the embedded engine a long query
 * delays concurrent ingest writes, and a channel's two years (~70 000 rows) take a quarter of the
 * time of four channels at once (bench:planning).
 */
export function intervalHistory(
	client: ClickHouseClient,
	p: { channel: string; queues: string[]; fromSec: number; toSec: number; intervalMin: number }
): Promise<IntervalHistoryRow[]> {
	return runQuery(client, {
		tag: 'planning/intervalHistory',
		format: 'JSONCompactEachRow',
		row: Row,
		params: p,
		sql: `SELECT toUnixTimestamp(toStartOfInterval(minute, toIntervalMinute({intervalMin: UInt16}))) AS t, sum(offered) AS offered
		      FROM contact_minute
		      WHERE channel = {channel: String}
		        AND (length({queues: Array(String)}) = 0 OR queue IN {queues: Array(String)})
		        AND minute >= toDateTime({fromSec: Int64}) AND minute < toDateTime({toSec: Int64})
		      GROUP BY t ORDER BY t`
	});
}
