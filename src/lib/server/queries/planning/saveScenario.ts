import type { ClickHouseClient } from '@clickhouse/client';
import type { Scenario } from '$lib/types/scenario';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/** A new version of a scenario (a deletion is a version with deleted = 1). */
export function saveScenario(client: ClickHouseClient, s: Scenario, deleted = false): Promise<void> {
	return runInsert(client, {
		tag: 'planning/saveScenario',
		table: 'planning_scenarios',
		values: [{ id: s.id, version_ms: s.savedAtMs, deleted: deleted ? 1 : 0, name: s.name, saved_by: s.savedBy, params: JSON.stringify(s.params), summary: JSON.stringify(s.summary) }],
		token: freshInsertToken('scenario')
	});
}
