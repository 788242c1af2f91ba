import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery } from '../run';
import { HISTORY_RANGE, filterSql, type ReportFilters } from './reportSql';

/** How many imported history rows fall in [from, to) for the channel/queue filters (0: the report skips history). */
export async function historyInRange(client: ClickHouseClient, q: { fromMs: number; toMs: number; filters: ReportFilters }): Promise<number> {
	const f = filterSql({ channel: q.filters.channel, queue: q.filters.queue });
	const [r] = await runQuery(client, {
		tag: 'reports/historyInRange',
		row: v.object({ n: num }),
		params: { fromMs: q.fromMs, toMs: q.toMs, ...f.params },
		sql: `SELECT count() AS n FROM history_intervals WHERE ${HISTORY_RANGE}${f.sql}`
	});
	return r?.n ?? 0;
}
