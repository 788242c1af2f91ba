import type { ClickHouseClient } from '@clickhouse/client';

export interface EngineMemory {
	/** bytes the engine's allocator tracks (system.metrics MemoryTracking): queries, merges, caches */
	trackedBytes: number;
	markCacheBytes: number;
	uncompressedCacheBytes: number;
	/** primary-key index of every active part, held in memory while the part exists */
	primaryKeyBytes: number;
	activeParts: number;
	mergesRunning: number;
}

/**
 * Where the embedded engine's memory goes, for /api/health and bench:soak's RSS breakdown (issue 24:
 * is RSS growth ours or a cache of the engine?). Metrics an engine build lacks read as 0.
 */
export async function engineMemory(client: ClickHouseClient): Promise<EngineMemory> {
	const rs = await client.query({
		query: `/* q:health/engineMemory */ SELECT
		  (SELECT sum(value) FROM system.metrics WHERE metric = 'MemoryTracking') AS tracked,
		  (SELECT sum(value) FROM system.metrics WHERE metric = 'MarkCacheBytes') AS mark_cache,
		  (SELECT sum(value) FROM system.metrics WHERE metric = 'UncompressedCacheBytes') AS uncompressed_cache,
		  (SELECT sum(primary_key_bytes_in_memory_allocated) FROM system.parts WHERE active) AS pk_bytes,
		  (SELECT count() FROM system.parts WHERE active) AS parts,
		  (SELECT count() FROM system.merges) AS merges`,
		format: 'JSONEachRow'
	});
	const [r] = await rs.json<Record<'tracked' | 'mark_cache' | 'uncompressed_cache' | 'pk_bytes' | 'parts' | 'merges', number | string | null>>();
	return {
		trackedBytes: Number(r.tracked ?? 0),
		markCacheBytes: Number(r.mark_cache ?? 0),
		uncompressedCacheBytes: Number(r.uncompressed_cache ?? 0),
		primaryKeyBytes: Number(r.pk_bytes ?? 0),
		activeParts: Number(r.parts ?? 0),
		mergesRunning: Number(r.merges ?? 0)
	};
}
