import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { storageStatus } from '$lib/server/queries/health/storageStatus';

/** Liveness and readiness: storage reachable, migrations applied, version. 503 when storage fails. */
export const GET: RequestHandler = async ({ locals }) => {
	const rt = locals.runtime;
	const base = {
		version: rt.version,
		uptimeSec: Math.round((rt.now() - rt.startedAtMs) / 1000),
		storage: { kind: rt.storage.kind, location: rt.storage.location },
		ingest: rt.ingest.stats,
		alerts: rt.alerts.progress()
	};
	try {
		const s = await storageStatus(rt.storage.live);
		const migrationsOk = s.lastMigration === rt.migrations.current && s.migrationsApplied === rt.migrations.total;
		return json(
			{
				status: migrationsOk ? 'ok' : 'degraded',
				...base,
				storage: { ...base.storage, reachable: true, engineVersion: s.engineVersion },
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
