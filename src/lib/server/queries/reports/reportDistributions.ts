import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery } from '../run';
import { filterSql, type KpiQuery } from './reportSql';

/** A merged histogram as the engine sends it (keys, counts), read as [bucket, count] pairs. */
const Hist = v.pipe(v.tuple([v.array(num), v.array(num)]), v.transform(([k, c]): [number, number][] => k.map((x, i) => [x, c[i] ?? 0])));

export interface Distributions {
	/** [bucket upper edge in seconds (migration 0002 rule), count] ascending */
	firstResponse: [number, number][];
	handle: [number, number][];
	abandonWait: [number, number][];
}

/** Histograms of first-response waits, handle times and waits before abandoning, from the channel × queue rollup. */
export async function reportDistributions(client: ClickHouseClient, q: Pick<KpiQuery, 'fromMs' | 'toMs' | 'filters'>): Promise<Distributions> {
	const f = filterSql(q.filters);
	const table = (q.filters.team?.length ?? 0) > 0 ? 'report_hour' : 'report_hour_cq';
	const [r] = await runQuery(client, {
		tag: 'reports/distributions',
		row: v.object({ a: Hist, h: Hist, b: Hist }),
		params: { fromMs: q.fromMs, toMs: q.toMs, ...f.params },
		sql: `SELECT sumMap(answered_wait_hist) AS a, sumMap(handle_hist) AS h, sumMap(abandoned_wait_hist) AS b FROM ${table}
		 WHERE hour >= toDateTime(intDiv({fromMs: Int64}, 1000), 'UTC') AND hour < toDateTime(intDiv({toMs: Int64}, 1000), 'UTC')${f.sql}`
	});
	return r ? { firstResponse: r.a, handle: r.h, abandonWait: r.b } : { firstResponse: [], handle: [], abandonWait: [] };
}
