import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { ScenarioParamsSchema, ScenarioSummarySchema, type Scenario } from '$lib/types/scenario';
import { jsonText, num, runQuery, str } from '../run';

const Row = v.pipe(
	v.object({ id: str, name: str, saved_by: str, saved_at_ms: num, params: jsonText(ScenarioParamsSchema), summary: jsonText(ScenarioSummarySchema) }),
	v.transform((r): Scenario => ({ id: r.id, name: r.name, savedBy: r.saved_by, savedAtMs: r.saved_at_ms, params: r.params, summary: r.summary }))
);

/** Every saved scenario not deleted, latest version of each, newest first. */
export function listScenarios(client: ClickHouseClient): Promise<Scenario[]> {
	return runQuery(client, {
		tag: 'planning/listScenarios',
		row: Row,
		sql: `SELECT id, argMax(name, version_ms) AS name, argMax(saved_by, version_ms) AS saved_by,
		        max(version_ms) AS saved_at_ms, argMax(params, version_ms) AS params, argMax(summary, version_ms) AS summary
		      FROM planning_scenarios GROUP BY id HAVING argMax(deleted, version_ms) = 0 ORDER BY saved_at_ms DESC`
	});
}
