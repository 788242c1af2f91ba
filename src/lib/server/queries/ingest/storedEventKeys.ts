import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestEvent } from '../../ingest/contract';
import * as v from 'valibot';
import { str, streamQuery } from '../run';

/**
 * Which of `events` (older than the dedup memory's horizon) are stored already, as dedup keys
 * `source\nevent_id`. One query per batch, both tables. Each event is looked up by its primary-key
 * prefix (contact_events: channel, queue, ts; agent_events: agent_id, ts) plus event_id and source,
 * so the lookup reads a few granules, not a day of ids: a resend carries the same fields as the
 * original. Values are bound as parameters (arrays zipped into tuples), never spliced into SQL.
 */
export async function storedEventKeys(client: ClickHouseClient, source: string, events: IngestEvent[]): Promise<Set<string>> {
	const found = new Set<string>();
	const contacts = events.filter((e) => e.kind === 'contact');
	const agents = events.filter((e) => e.kind === 'agent');
	const parts: string[] = [];
	const params: Record<string, unknown> = { source };
	if (contacts.length > 0) {
		parts.push(
			`SELECT event_id FROM contact_events
			 WHERE source = {source: String}
			   AND (channel, queue, ts, event_id) IN (
			     SELECT tupleElement(t, 1), tupleElement(t, 2), fromUnixTimestamp64Milli(tupleElement(t, 3), 'UTC'), tupleElement(t, 4)
			     FROM (SELECT arrayJoin(arrayZip({cCh: Array(String)}, {cQ: Array(String)}, {cTs: Array(Int64)}, {cId: Array(String)})) AS t))`
		);
		params.cCh = contacts.map((e) => (e.kind === 'contact' ? e.channel : ''));
		params.cQ = contacts.map((e) => (e.kind === 'contact' ? e.queue : ''));
		params.cTs = contacts.map((e) => e.tsMs);
		params.cId = contacts.map((e) => e.eventId);
	}
	if (agents.length > 0) {
		parts.push(
			`SELECT event_id FROM agent_events
			 WHERE source = {source: String}
			   AND (agent_id, ts, event_id) IN (
			     SELECT tupleElement(t, 1), fromUnixTimestamp64Milli(tupleElement(t, 2), 'UTC'), tupleElement(t, 3)
			     FROM (SELECT arrayJoin(arrayZip({aAg: Array(String)}, {aTs: Array(Int64)}, {aId: Array(String)})) AS t))`
		);
		params.aAg = agents.map((e) => e.agentId);
		params.aTs = agents.map((e) => e.tsMs);
		params.aId = agents.map((e) => e.eventId);
	}
	if (parts.length === 0) return found;
	await streamQuery(client, { tag: 'ingest/storedEventKeys', row: v.object({ event_id: str }), params, sql: parts.join('\nUNION ALL\n') }, (r) => found.add(`${source}\n${r.event_id}`));
	return found;
}
