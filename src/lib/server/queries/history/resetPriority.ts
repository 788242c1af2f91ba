import type { ClickHouseClient } from '@clickhouse/client';
import { runCommand } from '../run';

/** Puts the connection back to the normal thread priority after an import (see background.ts). */
export function resetPriority(client: ClickHouseClient): Promise<void> {
	return runCommand(client, { tag: 'history/resetPriority', sql: 'SELECT 1', settings: { os_thread_priority: '0' } });
}
