import type { ClickHouseClient } from '@clickhouse/client';
import { streamRows } from '../stream';

/** event_ids stored since `fromMs` (both event tables), to rebuild the dedup set at start. */
export function recentEventIds(
	client: ClickHouseClient,
	params: { fromMs: number },
	onRow: (eventId: string, tsMs: number) => void
): Promise<number> {
	return streamRows<{ event_id: string; ts_ms: number | string }>(
		client,
		'ingest/recentEventIds',
		`SELECT event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM contact_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		 UNION ALL
		 SELECT event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM agent_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})`,
		{ fromMs: params.fromMs },
		(r) => onRow(r.event_id, Number(r.ts_ms))
	);
}
