import type { ClickHouseClient } from '@clickhouse/client';
import type { ScenarioRow } from '$lib/types/planning';
import { freshInsertToken } from '../dedupToken';

export type { ScenarioRow };

export async function listScenarios(client: ClickHouseClient): Promise<ScenarioRow[]> {
	const rs = await client.query({
		query: `/* q:planning/listScenarios */ SELECT id, argMax(name, version_ms) AS name, argMax(saved_by, version_ms) AS saved_by,
		          max(version_ms) AS saved_at_ms, argMax(params, version_ms) AS params, argMax(summary, version_ms) AS summary
		        FROM planning_scenarios GROUP BY id HAVING argMax(deleted, version_ms) = 0 ORDER BY saved_at_ms DESC`,
		format: 'JSONEachRow'
	});
	const rows = await rs.json<{ id: string; name: string; saved_by: string; saved_at_ms: number | string; params: string; summary: string }>();
	return rows.map((r) => ({ id: r.id, name: r.name, savedBy: r.saved_by, savedAtMs: Number(r.saved_at_ms), params: JSON.parse(r.params), summary: JSON.parse(r.summary) }));
}

export async function saveScenario(client: ClickHouseClient, s: ScenarioRow, deleted = false): Promise<void> {
	await client.insert({
		table: 'planning_scenarios',
		format: 'JSONEachRow',
		values: [{ id: s.id, version_ms: s.savedAtMs, deleted: deleted ? 1 : 0, name: s.name, saved_by: s.savedBy, params: JSON.stringify(s.params), summary: JSON.stringify(s.summary) }],
		clickhouse_settings: freshInsertToken('scenario')
	});
}
