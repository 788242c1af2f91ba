import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

export interface StorageStatus {
	engineVersion: string;
	migrationsApplied: number;
	lastMigration: number;
	contactEvents: number;
	agentEvents: number;
}

const Row = v.pipe(
	v.object({ v: str, m: num, last: num, c: num, a: num }),
	v.transform((r): StorageStatus => ({ engineVersion: r.v, migrationsApplied: r.m, lastMigration: r.last, contactEvents: r.c, agentEvents: r.a }))
);

/** A cheap liveness probe of storage plus the counts the health page shows. */
export async function storageStatus(client: ClickHouseClient): Promise<StorageStatus> {
	const [r] = await runQuery(client, {
		tag: 'health/storageStatus',
		row: Row,
		sql: `SELECT version() AS v,
		        (SELECT count() FROM schema_migrations) AS m, (SELECT max(version) FROM schema_migrations) AS last,
		        (SELECT count() FROM contact_events) AS c, (SELECT count() FROM agent_events) AS a`
	});
	return r;
}
