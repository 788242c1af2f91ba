import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

const Row = v.object({ version: num, name: str, checksum: str });
export type AppliedMigration = v.InferOutput<typeof Row>;

/** The migrations recorded as applied, in version order. */
export function appliedMigrations(client: ClickHouseClient): Promise<AppliedMigration[]> {
	return runQuery(client, { tag: 'migrations/applied', row: Row, sql: 'SELECT version, name, checksum FROM schema_migrations ORDER BY version' });
}
