import type { ClickHouseClient } from '@clickhouse/client';
import { runInsert } from '../run';

/** Records a migration as applied, after all its statements succeeded. */
export function recordMigration(client: ClickHouseClient, m: { version: number; name: string; checksum: string; appliedAtMs: number }): Promise<void> {
	return runInsert(client, {
		tag: 'migrations/record',
		table: 'schema_migrations',
		values: [{ version: m.version, name: m.name, checksum: m.checksum, applied_at: m.appliedAtMs }],
		// a unique token: never let a token left on the connection drop this row (docs/chdb-engine.md: settings stick)
		token: { insert_deduplication_token: `migration-${m.version}-${m.checksum}` }
	});
}
