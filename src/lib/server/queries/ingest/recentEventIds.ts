import type { ClickHouseClient } from '@clickhouse/client';
import { streamRows } from '../stream';

/** (source, event_id) of events stored with ts ≥ `fromMs` (both event tables), to rebuild the dedup memory at start. */
export function recentEventIds(
	client: ClickHouseClient,
	params: { fromMs: number },
	onRow: (source: string, eventId: string, tsMs: number) => void
): Promise<number> {
	return streamRows<{ source: string; event_id: string; ts_ms: number | string }>(
		client,
		'ingest/recentEventIds',
		`SELECT source, event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM contact_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		 UNION ALL
		 SELECT source, event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM agent_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})`,
		{ fromMs: params.fromMs },
		(r) => onRow(r.source, r.event_id, Number(r.ts_ms))
	);
}
