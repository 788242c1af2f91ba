import type { ClickHouseClient } from '@clickhouse/client';
import type { ContactEvent, ContactEventType } from '../../ingest/contract';
import { streamRows } from '../stream';

interface Row {
	event_id: string;
	ts_ms: number | string;
	type: string;
	contact_id: string;
	channel: string;
	queue: string;
	agent_id: string;
	team_id: string;
	priority: number;
	customer_id: string;
	to_queue: string;
	to_agent_id: string;
	csat: number | null;
	nps: number | null;
	milestone: string;
	category: string;
	tier: string;
}

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
	return streamRows<Row>(
		client,
		'live/replayContactEvents',
		`SELECT event_id, toUnixTimestamp64Milli(ts) AS ts_ms, type, contact_id, channel, queue, agent_id, team_id,
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
		 ORDER BY ts, event_id`,
		params,
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
	return streamRows<Row>(
		client,
		'live/replayContactEventsReceivedAfter',
		`SELECT event_id, toUnixTimestamp64Milli(ts) AS ts_ms, type, contact_id, channel, queue, agent_id, team_id,
		        priority, customer_id, to_queue, to_agent_id, csat, nps
		 FROM contact_events
		 WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		   AND received_at > fromUnixTimestamp64Milli({afterReceivedMs: Int64})
		 ORDER BY ts, event_id`,
		params,
		(r) => onEvent(toEvent(r))
	);
}

function toEvent(r: Row): ContactEvent {
	return {
		kind: 'contact',
		eventId: r.event_id,
		tsMs: Number(r.ts_ms),
		type: r.type as ContactEventType,
		contactId: r.contact_id,
		channel: r.channel,
		queue: r.queue,
		agentId: r.agent_id,
		teamId: r.team_id,
		priority: Number(r.priority),
		customerId: r.customer_id,
		toQueue: r.to_queue,
		toAgentId: r.to_agent_id,
		csat: r.csat === null ? null : Number(r.csat),
		nps: r.nps === null ? null : Number(r.nps),
		category: r.category,
		tier: r.tier,
		attrs: '',
		...(r.milestone ? { milestone: r.milestone } : {})
	};
}
