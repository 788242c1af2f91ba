import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, str, streamQuery } from '../run';

const Row = v.pipe(
	v.object({ agent_id: str, contact_id: str, type: v.picklist(['contact.answered', 'contact.resolved']), ts_ms: num }),
	v.transform((r) => ({ agentId: r.agent_id, contactId: r.contact_id, type: r.type, tsMs: r.ts_ms }))
);

/** Chat pickups and closures with their agent, in (agent, time) order, for the concurrency sweep. */
export function chatHandleEvents(
	client: ClickHouseClient,
	p: { fromMs: number; toMs: number; channel: string },
	onRow: (r: v.InferOutput<typeof Row>) => void
): Promise<number> {
	return streamQuery(
		client,
		{
			tag: 'planning/chatHandleEvents',
			row: Row,
			params: p,
			sql: `SELECT agent_id, contact_id, type, toUnixTimestamp64Milli(ts) AS ts_ms FROM contact_events
			      WHERE channel = {channel: String} AND type IN ('contact.answered', 'contact.resolved') AND agent_id != ''
			        AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}) AND ts < fromUnixTimestamp64Milli({toMs: Int64})
			      ORDER BY agent_id, ts`
		},
		onRow
	);
}
