import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, str, streamQuery } from '../run';

const Row = v.object({ agent_id: str, ts_ms: num, state: str });

/**
 * The state changes of `ids` between `from` and `to` (epoch ms), each agent's last state before
 * `from` first, in (agent, time) order: the actual side of schedule adherence.
 */
export function adherenceTimelines(
	client: ClickHouseClient,
	p: { ids: string[]; from: number; to: number },
	onRow: (r: v.InferOutput<typeof Row>) => void
): Promise<number> {
	return streamQuery(
		client,
		{
			tag: 'planning/adherenceTimelines',
			row: Row,
			params: p,
			sql: `SELECT agent_id, ts_ms, state FROM (
			        SELECT agent_id, toUnixTimestamp64Milli(max(ts)) AS ts_ms, argMax(state, ts) AS state FROM agent_events
			        WHERE agent_id IN {ids:Array(String)} AND ts < fromUnixTimestamp64Milli({from:Int64}) GROUP BY agent_id
			        UNION ALL
			        SELECT agent_id, toUnixTimestamp64Milli(ts) AS ts_ms, state FROM agent_events
			        WHERE agent_id IN {ids:Array(String)} AND ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts <= fromUnixTimestamp64Milli({to:Int64})
			      ) ORDER BY agent_id, ts_ms`
		},
		onRow
	);
}
