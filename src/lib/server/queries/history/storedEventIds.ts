import type { ClickHouseClient } from '@clickhouse/client';
import { streamRows } from '../stream';

/**
 * Which of `ids` are already stored (either event table), looking only at [fromMs, toMs] so the
 * partitions outside the request's time span are skipped. Old events are outside the live
 * ingester's in-memory dedup window, so their dedup asks storage.
 */
export async function storedEventIds(client: ClickHouseClient, p: { ids: string[]; fromMs: number; toMs: number }): Promise<Set<string>> {
	const out = new Set<string>();
	for (let i = 0; i < p.ids.length; i += 10_000) {
		const ids = p.ids.slice(i, i + 10_000);
		await streamRows<{ event_id: string }>(
			client,
			'history/storedEventIds',
			`SELECT event_id FROM contact_events
			 WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64}) AND ts <= fromUnixTimestamp64Milli({toMs: Int64}) AND event_id IN {ids: Array(String)}
			 UNION ALL
			 SELECT event_id FROM agent_events
			 WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64}) AND ts <= fromUnixTimestamp64Milli({toMs: Int64}) AND event_id IN {ids: Array(String)}`,
			{ ids, fromMs: p.fromMs, toMs: p.toMs },
			(r) => out.add(r.event_id)
		);
	}
	return out;
}
