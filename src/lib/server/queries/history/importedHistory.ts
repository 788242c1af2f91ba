import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, collectQuery } from '../run';
import { importedNotLive } from './importedNotLive';

export interface ImportedRow {
	/** interval start, epoch seconds */
	t: number;
	/** the row's own interval length if coarser than the plan interval, else the plan interval */
	min: number;
	offered: number;
}

/**
 * One channel's imported history (after live wins) for planning: rows as fine as or finer than
 * the plan interval summed into plan intervals; coarser rows (60, 1440) returned as they are, for
 * the caller to spread over the plan intervals with an intraday shape.
 */
export function importedHistory(
	client: ClickHouseClient,
	p: { channel: string; queues: string[]; fromSec: number; toSec: number; intervalMin: number; tz: string }
): Promise<ImportedRow[]> {
	const where = `channel = {channel: String} AND (length({queues: Array(String)}) = 0 OR queue IN {queues: Array(String)})
		AND interval_start >= toDateTime({fromSec: Int64}) AND interval_start < toDateTime({toSec: Int64})`;
	return collectQuery(client, {
		tag: 'history/importedHistory',
		row: v.object({ t: num, min: num, offered: num }),
		params: { ...p },
		sql: `SELECT toUnixTimestamp(if(interval_min <= {intervalMin: UInt16}, toStartOfInterval(interval_start, toIntervalMinute({intervalMin: UInt16})), interval_start)) AS t,
		        greatest(interval_min, {intervalMin: UInt16}) AS min, sum(offered) AS offered
		 FROM (${importedNotLive(where)})
		 GROUP BY t, min ORDER BY t`
	});
}
