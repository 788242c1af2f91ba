import type { ClickHouseClient } from '@clickhouse/client';

export interface StorageStatus {
	engineVersion: string;
	migrationsApplied: number;
	lastMigration: number;
	contactEvents: number;
	agentEvents: number;
}

/** A cheap liveness probe of storage plus the counts the health page shows. */
export async function storageStatus(client: ClickHouseClient): Promise<StorageStatus> {
	const rs = await client.query({
		query: `/* q:health/storageStatus */ SELECT version() AS v,
		  (SELECT count() FROM schema_migrations) AS m, (SELECT max(version) FROM schema_migrations) AS last,
		  (SELECT count() FROM contact_events) AS c, (SELECT count() FROM agent_events) AS a`,
		format: 'JSONEachRow'
	});
	const [r] = await rs.json<{ v: string; m: number | string; last: number | string; c: number | string; a: number | string }>();
	return {
		engineVersion: r.v,
		migrationsApplied: Number(r.m),
		lastMigration: Number(r.last),
		contactEvents: Number(r.c),
		agentEvents: Number(r.a)
	};
}
