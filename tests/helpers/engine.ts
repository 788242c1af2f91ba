import type { ClickHouseClient } from '@clickhouse/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp directory removed by `cleanup()`. */
export function tempDir(prefix = 'csops-test-'): { path: string; cleanup(): void } {
	const path = mkdtempSync(join(tmpdir(), prefix));
	return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Opens the real embedded engine on `path` (dynamic import: chDB must load only in the forked
 * test process, never at module top level).
 */
export async function openEngine(path: string): Promise<ClickHouseClient> {
	const { createClient } = await import('@clickhouse/client');
	const { createChdbConnection } = await import('chdb/connection');
	return createClient({ connection: createChdbConnection({ path }) } as Parameters<typeof createClient>[0]);
}

export async function count(client: ClickHouseClient, sql: string, params: Record<string, unknown> = {}): Promise<number> {
	const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
	const rows = await rs.json<Record<string, unknown>>();
	return Number(Object.values(rows[0] ?? { n: 0 })[0]);
}

/** {@link openEngine} on `path` with every bundled migration applied: an empty database of the current schema. */
export async function openMigratedEngine(path: string): Promise<ClickHouseClient> {
	const { bundledMigrations, migrate } = await import('../../src/lib/server/storage/migrate');
	const client = await openEngine(path);
	await migrate(client, bundledMigrations(), { cluster: null });
	return client;
}

