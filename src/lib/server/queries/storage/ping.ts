import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { runQuery } from '../run';

/** `SELECT 1`: the first call opens the embedded engine (and takes its directory lock). */
export async function ping(client: ClickHouseClient): Promise<void> {
	await runQuery(client, { tag: 'storage/ping', row: v.object({ '1': v.number() }), sql: 'SELECT 1' });
}
