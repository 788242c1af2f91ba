import type { ClickHouseClient } from '@clickhouse/client';
import { runCommand } from '../run';

/**
 * Switches deduplication-by-token off again on this connection: settings stick to a chDB
 * connection (docs/chdb-engine.md), and a later insert without a token of its own would inherit
 * the last one and be dropped as that block's duplicate.
 */
export function clearDedupToken(client: ClickHouseClient): Promise<void> {
	return runCommand(client, { tag: 'backfill/clearDedupToken', sql: 'SELECT 1', settings: { insert_deduplication_token: '' } });
}
