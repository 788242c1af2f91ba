import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { collectQuery, str } from '../run';

export interface NamedId {
	kind: 'agent' | 'team';
	id: string;
	name: string;
}

/**
 * Display names that agent events carry (docs/events.md: optional `name` and `team_name` on
 * `agent.state`, kept in `attrs` like every extra field): the latest non-empty name per agent and per
 * team. Only rows whose attrs mention a name are read past the PREWHERE (most agent events carry none).
 * Runs on the heavy connection (reports).
 */
export async function agentEventNames(client: ClickHouseClient): Promise<NamedId[]> {
	return collectQuery(client, {
		tag: 'reports/agentEventNames',
		row: v.object({ kind: v.picklist(['agent', 'team']), id: str, name: str }),
		sql: `SELECT kind, id, name FROM (
		   SELECT 'agent' AS kind, agent_id AS id, argMaxIf(JSONExtractString(attrs, 'name'), ts, JSONExtractString(attrs, 'name') != '') AS name
		   FROM agent_events PREWHERE attrs LIKE '%"name"%' GROUP BY agent_id
		   UNION ALL
		   SELECT 'team' AS kind, team_id AS id, argMaxIf(JSONExtractString(attrs, 'team_name'), ts, JSONExtractString(attrs, 'team_name') != '') AS name
		   FROM agent_events PREWHERE attrs LIKE '%"team_name"%' WHERE team_id != '' GROUP BY team_id
		 ) WHERE name != ''`
	});
}
