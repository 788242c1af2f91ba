import type { ClickHouseClient } from '@clickhouse/client';
import { streamQuery } from '../run';
import { EventKeyRow } from './eventKey';

/**
 * (source, event_id, ts) of the events stored with received_at after `afterReceivedMs` and ts ≥
 * `fromMs` (both event tables): the ids a dedup snapshot taken at that mark lacks (decision 0006).
 */
export function eventKeysReceivedAfter(
	client: ClickHouseClient,
	params: { fromMs: number; afterReceivedMs: number },
	onRow: (source: string, eventId: string, tsMs: number) => void
): Promise<number> {
	return streamQuery(
		client,
		{
			tag: 'ingest/eventKeysReceivedAfter',
			row: EventKeyRow,
			params,
			sql: `SELECT source, event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM contact_events
			      WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64}) AND received_at > fromUnixTimestamp64Milli({afterReceivedMs: Int64})
			      UNION ALL
			      SELECT source, event_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM agent_events
			      WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64}) AND received_at > fromUnixTimestamp64Milli({afterReceivedMs: Int64})`
		},
		(r) => onRow(r.source, r.event_id, r.ts_ms)
	);
}
