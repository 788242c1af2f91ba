import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

const Row = v.object({ group_key: str, last_flush_ms: num });

/**
 * When each notification group last sent, for the groups that sent since `sinceMs` (the engine's
 * group interval before now). The engine derives its group timers from the log it holds; the log of
 * resolved alerts that owe nothing is no longer restored (decision 0105), so their recent sends are
 * read here — otherwise a group could send again sooner after a restart than its interval allows.
 */
export async function recentGroupFlushes(client: ClickHouseClient, params: { sinceMs: number }): Promise<Map<string, number>> {
	const rows = await runQuery(client, {
		tag: 'alerts/recentGroupFlushes',
		row: Row,
		params,
		sql: `SELECT JSONExtractString(e, 'groupKey') AS group_key, max(JSONExtractInt(e, 'emittedAtMs')) AS last_flush_ms
		      FROM (SELECT argMax(entry, version_ms) AS e FROM alert_notifications GROUP BY log_key)
		      WHERE JSONExtractInt(e, 'emittedAtMs') >= {sinceMs: Int64}
		      GROUP BY group_key`
	});
	return new Map(rows.map((r) => [r.group_key, r.last_flush_ms]));
}
