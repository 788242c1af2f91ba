import type { ClickHouseClient } from '@clickhouse/client';
import { CONTACT_EVENT_TYPES, type ContactEvent } from '../../ingest/contract';
import * as v from 'valibot';
import { num, nullableNum, str, streamQuery } from '../run';

/** One stored contact event as the engine sends it (64-bit integers arrive as strings). */
const Row = v.object({
	event_id: str,
	ts_ms: num,
	type: v.picklist(CONTACT_EVENT_TYPES),
	contact_id: str,
	channel: str,
	queue: str,
	agent_id: str,
	team_id: str,
	priority: num,
	customer_id: str,
	to_queue: str,
	to_agent_id: str,
	csat: nullableNum,
	nps: nullableNum,
	milestone: v.optional(str, ''),
	category: v.optional(str, ''),
	tier: v.optional(str, '')
});
type Row = v.InferOutput<typeof Row>;

/**
 * The events the live state needs at start, in time order: every event since `fromMs` of the
 * contacts that were touched since `replayFromMs` or are still open (no resolve/abandon, or
 * reopened after it). Open contacts older than `fromMs` are not restored.
 */
export function replayContactEvents(
	client: ClickHouseClient,
	params: { fromMs: number; replayFromMs: number },
	onEvent: (e: ContactEvent) => void
): Promise<number> {
	return streamQuery(
		client,
		{
			tag: 'live/replayContactEvents',
			row: Row,
			params,
			sql: `SELECT event_id, toUnixTimestamp64Milli(ts) AS ts_ms, type, contact_id, channel, queue, agent_id, team_id,
		        priority, customer_id, to_queue, to_agent_id, csat, nps, milestone, category, tier
		 FROM contact_events
		 WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		   AND contact_id IN (
		     SELECT contact_id FROM contact_events
		     WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		     GROUP BY contact_id
		     HAVING max(ts) >= fromUnixTimestamp64Milli({replayFromMs: Int64})
		         OR countIf(type IN ('contact.resolved', 'contact.abandoned')) = 0
		         OR maxIf(ts, type = 'contact.reopened') > maxIf(ts, type IN ('contact.resolved', 'contact.abandoned'))
		   )
		 ORDER BY ts, event_id`
		},
		(r) => onEvent(toEvent(r))
	);
}

/**
 * The tail after a snapshot: every contact event stored with received_at after `afterReceivedMs`
 * (whatever its ts, late events included) and ts since `fromMs`, in time order.
 */
export function replayContactEventsReceivedAfter(
	client: ClickHouseClient,
	params: { fromMs: number; afterReceivedMs: number },
	onEvent: (e: ContactEvent) => void
): Promise<number> {
	return streamQuery(
		client,
		{
			tag: 'live/replayContactEventsReceivedAfter',
			row: Row,
			params,
			sql: `SELECT event_id, toUnixTimestamp64Milli(ts) AS ts_ms, type, contact_id, channel, queue, agent_id, team_id,
		        priority, customer_id, to_queue, to_agent_id, csat, nps
		 FROM contact_events
		 WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		   AND received_at > fromUnixTimestamp64Milli({afterReceivedMs: Int64})
		 ORDER BY ts, event_id`
		},
		(r) => onEvent(toEvent(r))
	);
}

function toEvent(r: Row): ContactEvent {
	return {
		kind: 'contact',
		eventId: r.event_id,
		tsMs: r.ts_ms,
		type: r.type,
		contactId: r.contact_id,
		channel: r.channel,
		queue: r.queue,
		agentId: r.agent_id,
		teamId: r.team_id,
		priority: r.priority,
		customerId: r.customer_id,
		toQueue: r.to_queue,
		toAgentId: r.to_agent_id,
		csat: r.csat,
		nps: r.nps,
		category: r.category,
		tier: r.tier,
		attrs: '',
		...(r.milestone ? { milestone: r.milestone } : {})
	};
}
