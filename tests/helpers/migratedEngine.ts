// vitest hooks in a file of their own: tests/helpers/engine.ts is also used by bench/ (plain Node)
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll } from 'vitest';
import { openMigratedEngine, tempDir } from './engine';

/**
 * For a describe block: a migrated engine in its own temp directory, opened before its tests and
 * closed (directory removed) after them. Read `.client` inside hooks and tests.
 */
export function useMigratedEngine(): { readonly client: ClickHouseClient } {
	const dir = tempDir();
	let client: ClickHouseClient | undefined;
	beforeAll(async () => {
		client = await openMigratedEngine(dir.path);
	});
	afterAll(async () => {
		await client?.close();
		dir.cleanup();
	});
	return {
		get client() {
			if (!client) throw new Error('useMigratedEngine: the engine is opened in beforeAll; read .client inside hooks and tests');
			return client;
		}
	};
}
