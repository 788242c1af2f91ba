import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { nullableNum, runQuery } from '../run';

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

/** A metric an engine build lacks reads as 0. */
const metric = v.pipe(v.optional(nullableNum, null), v.transform((n) => n ?? 0));
const Row = v.pipe(
	v.object({ tracked: metric, mark_cache: metric, uncompressed_cache: metric, pk_bytes: metric, parts: metric, merges: metric }),
	v.transform(
		(r): EngineMemory => ({
			trackedBytes: r.tracked,
			markCacheBytes: r.mark_cache,
			uncompressedCacheBytes: r.uncompressed_cache,
			primaryKeyBytes: r.pk_bytes,
			activeParts: r.parts,
			mergesRunning: r.merges
		})
	)
);

/**
 * Where the embedded engine's memory goes, for /api/health and bench:soak's RSS breakdown (issue 24:
 * is RSS growth ours or a cache of the engine?). Metrics an engine build lacks read as 0.
 */
export async function engineMemory(client: ClickHouseClient): Promise<EngineMemory> {
	const [r] = await runQuery(client, {
		tag: 'health/engineMemory',
		row: Row,
		sql: `SELECT
		        (SELECT sum(value) FROM system.metrics WHERE metric = 'MemoryTracking') AS tracked,
		        (SELECT sum(value) FROM system.metrics WHERE metric = 'MarkCacheBytes') AS mark_cache,
		        (SELECT sum(value) FROM system.metrics WHERE metric = 'UncompressedCacheBytes') AS uncompressed_cache,
		        (SELECT sum(primary_key_bytes_in_memory_allocated) FROM system.parts WHERE active) AS pk_bytes,
		        (SELECT count() FROM system.parts WHERE active) AS parts,
		        (SELECT count() FROM system.merges) AS merges`
	});
	return r;
}
