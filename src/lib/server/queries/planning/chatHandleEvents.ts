import type { ClickHouseClient } from '@clickhouse/client';
import { streamRows } from '../stream';

/** Chat pickups and closures with their agent, in (agent, time) order, for the concurrency sweep. */
export function chatHandleEvents(
	client: ClickHouseClient,
	p: { fromMs: number; toMs: number; channel: string },
	onRow: (r: { agentId: string; contactId: string; type: 'contact.answered' | 'contact.resolved'; tsMs: number }) => void
): Promise<number> {
	return streamRows<{ agent_id: string; contact_id: string; type: string; ts_ms: number | string }>(
		client,
		'planning/chatHandleEvents',
		`SELECT agent_id, contact_id, type, toUnixTimestamp64Milli(ts) AS ts_ms FROM contact_events
		 WHERE channel = {channel: String} AND type IN ('contact.answered', 'contact.resolved') AND agent_id != ''
		   AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}) AND ts < fromUnixTimestamp64Milli({toMs: Int64})
		 ORDER BY agent_id, ts`,
		p,
		(r) => onRow({ agentId: r.agent_id, contactId: r.contact_id, type: r.type as 'contact.answered', tsMs: Number(r.ts_ms) })
	);
}
