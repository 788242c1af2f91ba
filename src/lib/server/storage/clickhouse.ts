import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { AppConfig } from '../config/config';
import { ping } from '../queries/storage/ping';

/**
 * The one storage interface: `@clickhouse/client` on either the embedded chDB engine or a server.
 *
 * Why three clients: the engine runs one query at a time per connection (docs/chdb-engine.md),
 * so a slow planner query on the connection the ingester writes through would stall every ack.
 * - `ingest`: batched inserts of events, nothing else;
 * - `live`: small, bounded reads (start-up rebuild of live state, health, board snapshot queries);
 * - `heavy`: planning, backfill, exports — may take seconds.
 * The wall-board's live numbers never come from a query at all: they are kept in memory
 * (src/lib/server/live/). See docs/decisions/0002-storage-connections.md.
 */
export interface Storage {
	kind: 'embedded' | 'remote';
	/** data path (embedded) or URL without credentials (remote), for health and logs */
	location: string;
	ingest: ClickHouseClient;
	live: ClickHouseClient;
	heavy: ClickHouseClient;
	close(): Promise<void>;
}

export async function openStorage(cfg: AppConfig['storage']): Promise<Storage> {
	if (cfg.mode === 'remote' && cfg.url) {
		const make = (app: string) =>
			createClient({
				url: cfg.url!,
				username: cfg.user,
				password: cfg.password,
				database: cfg.database,
				application: `cs-ops-${app}`,
				request_timeout: 120_000
			});
		const clients = { ingest: make('ingest'), live: make('live'), heavy: make('heavy') };
		const u = new URL(cfg.url);
		u.username = '';
		u.password = '';
		return {
			kind: 'remote',
			location: u.toString(),
			...clients,
			close: async () => {
				await Promise.allSettled([clients.ingest.close(), clients.live.close(), clients.heavy.close()]);
			}
		};
	}
	const { mkdirSync } = await import('node:fs');
	const { resolve } = await import('node:path');
	const path = resolve(cfg.dataPath);
	mkdirSync(path, { recursive: true });
	// Loaded here, never at module top level: importing chdb in the build's analysis worker
	// crashes `vite build` (docs/chdb-engine.md, "Never load chDB in a worker thread").
	const { createChdbConnection } = await import('chdb/connection');
	const make = () => createClient({ connection: createChdbConnection({ path }) } as Parameters<typeof createClient>[0]);
	let ingest: ClickHouseClient;
	try {
		ingest = make();
		// The first call opens the engine and takes the directory lock: fail here, with the path, if another process holds it.
		await ping(ingest);
	} catch (err) {
		let msg = (err as Error).message ?? String(err);
		for (let c = (err as { cause?: unknown }).cause; c; c = (c as { cause?: unknown }).cause) msg += ` (${(c as Error).message ?? c})`;
		// chDB prints the lock error (code 76) to stderr and throws only "Failed to create connection".
		if (/lock|another server instance|Failed to create connection/i.test(msg)) {
			throw new Error(
				`storage: the data directory ${path} could not be opened; it is most likely in use by another process (one process per data path): stop that process, or set DATA_PATH to another directory. (${msg})`
			);
		}
		throw new Error(`storage: cannot open the embedded engine at ${path}: ${msg}`);
	}
	const live = make();
	const heavy = make();
	return {
		kind: 'embedded',
		location: path,
		ingest,
		live,
		heavy,
		close: async () => {
			await Promise.allSettled([heavy.close(), live.close()]);
			await ingest.close().catch(() => undefined);
		}
	};
}
