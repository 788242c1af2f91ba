import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { AGENT_STATES, type AgentEvent } from '../../ingest/contract';
import { num, str, strArray, streamQuery } from '../run';

const Row = v.pipe(
	v.object({
		agent_id: str,
		team_id: str,
		state: v.picklist(AGENT_STATES),
		channels: strArray,
		max_concurrency: num,
		ts_ms: num,
		event_id: str,
		name: str,
		team_name: str
	}),
	v.transform(
		(r): AgentEvent => ({
			kind: 'agent',
			eventId: r.event_id,
			tsMs: r.ts_ms,
			type: 'agent.state',
			agentId: r.agent_id,
			teamId: r.team_id,
			state: r.state,
			channels: r.channels,
			maxConcurrency: r.max_concurrency,
			// the latest names sent, as LiveState.applyAgent reads them from attrs
			attrs: r.name || r.team_name ? JSON.stringify({ name: r.name || undefined, team_name: r.team_name || undefined }) : ''
		})
	)
);

/** Each agent's latest state since `fromMs`, folded the way live ingest folds its agent.state events. */
export function latestAgentStates(client: ClickHouseClient, params: { fromMs: number }, onEvent: (e: AgentEvent) => void): Promise<number> {
	return streamQuery(
		client,
		{
			tag: 'live/latestAgentStates',
			row: Row,
			params,
			// team_id and channels as LiveState.applyAgent keeps them: an event without them keeps the
			// previous ones (issue 24: argMax(channels) turned "no channels sent" into "all channels" after a restart)
			sql: `SELECT agent_id, argMaxIf(team_id, ts, team_id != '') AS team_id, argMax(state, ts) AS state, argMaxIf(channels, ts, notEmpty(channels)) AS channels,
			        argMax(max_concurrency, ts) AS max_concurrency, toUnixTimestamp64Milli(max(ts)) AS ts_ms, argMax(event_id, ts) AS event_id,
			        argMaxIf(JSONExtractString(attrs, 'name'), ts, JSONExtractString(attrs, 'name') != '') AS name,
			        argMaxIf(JSONExtractString(attrs, 'team_name'), ts, JSONExtractString(attrs, 'team_name') != '') AS team_name
			      FROM agent_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
			      GROUP BY agent_id`
		},
		onEvent
	);
}
