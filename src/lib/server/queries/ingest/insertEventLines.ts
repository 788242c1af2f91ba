import type { ClickHouseClient } from '@clickhouse/client';
import { runInsertLines } from '../run';
import { AGENT_EVENT_COLUMNS, CONTACT_EVENT_COLUMNS } from './eventRows';

/**
 * The ingest writer's insert (issue 24): rows serialised once, when their event was accepted, by
 * `contactEventLine` / `agentEventLine`, stored in their table as one JSONCompactEachRow body. The
 * caller names the block with a content token, so a retry of a landed insert is dropped instead of
 * doubled (decision 0006). `insertEvents` is the same statement for rows as objects (the import).
 */
export function insertEventLines(
	client: ClickHouseClient,
	table: 'contact_events' | 'agent_events',
	lines: readonly string[],
	token: { insert_deduplication_token: string }
): Promise<void> {
	const columns = table === 'contact_events' ? CONTACT_EVENT_COLUMNS : AGENT_EVENT_COLUMNS;
	return runInsertLines(client, { tag: `ingest/insertEventLines.${table}`, table, columns, lines, token });
}
