import type { ClickHouseClient } from '@clickhouse/client';
import { runCommand } from '../run';

/** Staging rows are dropped by partition, whole: merging them first would be wasted work. */
export function stopStagingMerges(client: ClickHouseClient): Promise<void> {
	return runCommand(client, { tag: 'history/stopStagingMerges', sql: 'SYSTEM STOP MERGES history_staging' });
}
