import type { ClickHouseClient } from '@clickhouse/client';
import { runInsert } from '../run';
import type { contactEventRow } from './eventRows';

/**
 * Stores contact events (rows from `contactEventRow`). The caller names the block: a content token
 * where a retry must not double it (the ingest writer), a fresh one otherwise (queries/dedupToken.ts).
 */
export function insertContactEvents(
	client: ClickHouseClient,
	rows: readonly ReturnType<typeof contactEventRow>[],
	token: { insert_deduplication_token: string }
): Promise<void> {
	return runInsert(client, { tag: 'ingest/insertContactEvents', table: 'contact_events', values: rows, token });
}
