import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { storageStatus } from '$lib/server/queries/health/storageStatus';
import { engineMemory } from '$lib/server/queries/health/engineMemory';

/** Liveness and readiness: storage reachable, migrations applied, version. 503 when storage fails. */
export const GET: RequestHandler = async ({ locals }) => {
	const rt = locals.runtime;
	const base = {
		version: rt.version,
		uptimeSec: Math.round((rt.now() - rt.startedAtMs) / 1000),
		storage: { kind: rt.storage.kind, location: rt.storage.location },
		ingest: rt.ingest.stats,
		alerts: rt.alerts.progress(),
		// where RSS goes (bench:soak prints it): JS heap, buffers outside it, and the rest (the engine's native memory)
		memory: (({ rss, heapTotal, heapUsed, external, arrayBuffers }) => ({ rssBytes: rss, heapTotalBytes: heapTotal, heapUsedBytes: heapUsed, externalBytes: external, arrayBuffersBytes: arrayBuffers }))(process.memoryUsage())
	};
	try {
		const s = await storageStatus(rt.storage.live);
		const engine = await engineMemory(rt.storage.live).catch(() => null);
		const migrationsOk = s.lastMigration === rt.migrations.current && s.migrationsApplied === rt.migrations.total;
		return json(
			{
				status: migrationsOk ? 'ok' : 'degraded',
				...base,
				storage: { ...base.storage, reachable: true, engineVersion: s.engineVersion, memory: engine },
				migrations: { applied: s.migrationsApplied, expected: rt.migrations.total, current: s.lastMigration },
				events: { contact: s.contactEvents, agent: s.agentEvents }
			},
			{ status: migrationsOk ? 200 : 503, headers: { 'cache-control': 'no-store' } }
		);
	} catch (err) {
		return json(
			{ status: 'error', ...base, storage: { ...base.storage, reachable: false, error: (err as Error).message } },
			{ status: 503, headers: { 'cache-control': 'no-store' } }
		);
	}
};
