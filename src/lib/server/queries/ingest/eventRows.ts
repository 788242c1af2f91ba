import type { AgentEvent, ContactEvent } from '../../ingest/contract';

/**
 * The one mapping from a validated event to its row in `contact_events` / `agent_events`, used by
 * the live ingester (ingest/service.ts) and the old-event import (history/events.ts), so a column
 * added to the tables is added in one place.
 *
 * Two shapes of the same row: `contactEventRow` / `agentEventRow` give an object (JSONEachRow through
 * `runInsert`); `contactEventLine` / `agentEventLine` give the values in `CONTACT_EVENT_COLUMNS` /
 * `AGENT_EVENT_COLUMNS` order as one JSONCompactEachRow line, serialised once when the event is
 * accepted (the ingest writer, `runInsertLines`; issue 24: JSON.stringify of an array is ≈ 2.5×
 * cheaper than of the object, and the body 60 % smaller). Both are built from `contactValues` /
 * `agentValues`, so they cannot drift; tests/ingest/eventRows.test.ts checks them against each other.
 */

type ContactExtra = { receivedAt: number; source: string; waitMs: number | null; handleMs: number | null; category?: string; tier?: string };

export const CONTACT_EVENT_COLUMNS = [
	'event_id',
	'ts',
	'received_at',
	'type',
	'contact_id',
	'channel',
	'queue',
	'agent_id',
	'team_id',
	'priority',
	'customer_id',
	'to_queue',
	'to_agent_id',
	'csat',
	'nps',
	'category',
	'tier',
	'wait_ms',
	'handle_ms',
	'source',
	'attrs',
	'milestone'
] as const;

export const AGENT_EVENT_COLUMNS = ['event_id', 'ts', 'received_at', 'agent_id', 'team_id', 'state', 'channels', 'max_concurrency', 'source', 'attrs'] as const;

/** The row's values in CONTACT_EVENT_COLUMNS order. */
function contactValues(e: ContactEvent, x: ContactExtra): unknown[] {
	return [
		e.eventId,
		e.tsMs,
		x.receivedAt,
		e.type,
		e.contactId,
		e.channel,
		e.queue,
		e.agentId,
		e.teamId,
		e.priority,
		e.customerId,
		e.toQueue,
		e.toAgentId,
		e.csat,
		e.nps,
		x.category || e.category || '',
		x.tier || e.tier || '',
		x.waitMs,
		x.handleMs,
		x.source,
		e.attrs,
		e.milestone ?? ''
	];
}

/** The row's values in AGENT_EVENT_COLUMNS order. */
function agentValues(e: AgentEvent, x: { receivedAt: number; source: string }): unknown[] {
	return [e.eventId, e.tsMs, x.receivedAt, e.agentId, e.teamId, e.state, e.channels, e.maxConcurrency, x.source, e.attrs];
}

function zip(columns: readonly string[], values: unknown[]): Record<string, unknown> {
	const o: Record<string, unknown> = {};
	for (let i = 0; i < columns.length; i++) o[columns[i]] = values[i];
	return o;
}

export function contactEventRow(e: ContactEvent, x: ContactExtra): Record<string, unknown> {
	return zip(CONTACT_EVENT_COLUMNS, contactValues(e, x));
}

export function agentEventRow(e: AgentEvent, x: { receivedAt: number; source: string }): Record<string, unknown> {
	return zip(AGENT_EVENT_COLUMNS, agentValues(e, x));
}

/** The row as one JSONCompactEachRow line (values in CONTACT_EVENT_COLUMNS order). */
export function contactEventLine(e: ContactEvent, x: ContactExtra): string {
	return JSON.stringify(contactValues(e, x));
}

/** The row as one JSONCompactEachRow line (values in AGENT_EVENT_COLUMNS order). */
export function agentEventLine(e: AgentEvent, x: { receivedAt: number; source: string }): string {
	return JSON.stringify(agentValues(e, x));
}
