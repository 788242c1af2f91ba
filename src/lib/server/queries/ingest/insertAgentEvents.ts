import type { ClickHouseClient } from '@clickhouse/client';
import { runInsert } from '../run';
import type { agentEventRow } from './eventRows';

/**
 * Stores agent events (rows from `agentEventRow`). The caller names the block: a content token
 * where a retry must not double it (the ingest writer), a fresh one otherwise (queries/dedupToken.ts).
 */
export function insertAgentEvents(
	client: ClickHouseClient,
	rows: readonly ReturnType<typeof agentEventRow>[],
	token: { insert_deduplication_token: string }
): Promise<void> {
	return runInsert(client, { tag: 'ingest/insertAgentEvents', table: 'agent_events', values: rows, token });
}
