import type { AgentEvent, ContactEvent } from '../../ingest/contract';

/**
 * The one mapping from a validated event to its row in `contact_events` / `agent_events`, used by
 * the live ingester (ingest/service.ts) and the old-event import (history/events.ts), so a column
 * added to the tables is added in one place.
 */
export function contactEventRow(
	e: ContactEvent,
	x: { receivedAt: number; source: string; waitMs: number | null; handleMs: number | null; category?: string; tier?: string }
): Record<string, unknown> {
	return {
		event_id: e.eventId,
		ts: e.tsMs,
		received_at: x.receivedAt,
		type: e.type,
		contact_id: e.contactId,
		channel: e.channel,
		queue: e.queue,
		agent_id: e.agentId,
		team_id: e.teamId,
		priority: e.priority,
		customer_id: e.customerId,
		to_queue: e.toQueue,
		to_agent_id: e.toAgentId,
		csat: e.csat,
		nps: e.nps,
		category: x.category || e.category || '',
		tier: x.tier || e.tier || '',
		wait_ms: x.waitMs,
		handle_ms: x.handleMs,
		source: x.source,
		attrs: e.attrs,
		milestone: e.milestone ?? ''
	};
}

export function agentEventRow(e: AgentEvent, x: { receivedAt: number; source: string }): Record<string, unknown> {
	return {
		event_id: e.eventId,
		ts: e.tsMs,
		received_at: x.receivedAt,
		agent_id: e.agentId,
		team_id: e.teamId,
		state: e.state,
		channels: e.channels,
		max_concurrency: e.maxConcurrency,
		source: x.source,
		attrs: e.attrs
	};
}
