import type { ClickHouseClient } from '@clickhouse/client';
import { runInsert } from '../run';
import type { agentEventRow, contactEventRow } from './eventRows';

/**
 * Stores event rows (from `contactEventRow` / `agentEventRow`) in their table. The caller names the
 * block: a content token where a retry must not double it (the ingest writer, decision 0006), a
 * fresh one otherwise (queries/dedupToken.ts).
 */
export function insertEvents(
	client: ClickHouseClient,
	table: 'contact_events' | 'agent_events',
	rows: readonly (ReturnType<typeof contactEventRow> | ReturnType<typeof agentEventRow>)[],
	token: { insert_deduplication_token: string }
): Promise<void> {
	return runInsert(client, { tag: `ingest/insertEvents.${table}`, table, values: rows, token });
}
