import type { ClickHouseClient } from '@clickhouse/client';
import { streamQuery } from '../run';
import { EventKeyRow } from './eventKey';

/**
 * (source, event_id, ts) of events stored with ts ≥ `fromMs` (both event tables), newest first, at
 * most `limit` of them — to refill the dedup memory at start up to its capacity.
 */
export function recentEventIds(
	client: ClickHouseClient,
	params: { fromMs: number; limit: number },
	onRow: (source: string, eventId: string, tsMs: number) => void
): Promise<number> {
	return streamQuery(
		client,
		{
			tag: 'ingest/recentEventIds',
			row: EventKeyRow,
			params: { fromMs: params.fromMs, limit: params.limit },
			sql: `SELECT source, event_id, ts_ms FROM (
			        SELECT source, event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM contact_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
			        UNION ALL
			        SELECT source, event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM agent_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
			      ) ORDER BY ts_ms DESC LIMIT {limit: UInt64}`
		},
		(r) => onRow(r.source, r.event_id, r.ts_ms)
	);
}
