import type { ClickHouseClient } from '@clickhouse/client';
import { streamRows } from '../stream';

/**
 * (source, event_id, ts) of events stored with ts ≥ `fromMs` (both event tables), newest first, at
 * most `limit` of them — to refill the dedup memory at start up to its capacity.
 */
export function recentEventIds(
	client: ClickHouseClient,
	params: { fromMs: number; limit: number },
	onRow: (source: string, eventId: string, tsMs: number) => void
): Promise<number> {
	return streamRows<{ source: string; event_id: string; ts_ms: number | string }>(
		client,
		'ingest/recentEventIds',
		`SELECT source, event_id, ts_ms FROM (
		   SELECT source, event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM contact_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		   UNION ALL
		   SELECT source, event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM agent_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		 ) ORDER BY ts_ms DESC LIMIT {limit: UInt64}`,
		{ fromMs: params.fromMs, limit: params.limit },
		(r) => onRow(r.source, r.event_id, Number(r.ts_ms))
	);
}
