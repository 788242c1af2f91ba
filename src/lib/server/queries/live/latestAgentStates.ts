import type { ClickHouseClient } from '@clickhouse/client';
import type { AgentEvent, AgentState } from '../../ingest/contract';
import { streamRows } from '../stream';

interface Row {
	agent_id: string;
	team_id: string;
	state: string;
	channels: string[];
	max_concurrency: number;
	ts_ms: number | string;
	event_id: string;
	name: string;
	team_name: string;
}

/** Each agent's latest state since `fromMs`, folded the way live ingest folds its agent.state events. */
export function latestAgentStates(
	client: ClickHouseClient,
	params: { fromMs: number },
	onEvent: (e: AgentEvent) => void
): Promise<number> {
	return streamRows<Row>(
		client,
		'live/latestAgentStates',
		// team_id and channels as LiveState.applyAgent keeps them: an event without them keeps the
		// previous ones (issue 24: argMax(channels) turned "no channels sent" into "all channels" after a restart)
		`SELECT agent_id, argMaxIf(team_id, ts, team_id != '') AS team_id, argMax(state, ts) AS state, argMaxIf(channels, ts, notEmpty(channels)) AS channels,
		        argMax(max_concurrency, ts) AS max_concurrency, toUnixTimestamp64Milli(max(ts)) AS ts_ms, argMax(event_id, ts) AS event_id,
		        argMaxIf(JSONExtractString(attrs, 'name'), ts, JSONExtractString(attrs, 'name') != '') AS name,
		        argMaxIf(JSONExtractString(attrs, 'team_name'), ts, JSONExtractString(attrs, 'team_name') != '') AS team_name
		 FROM agent_events WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64})
		 GROUP BY agent_id`,
		params,
		(r) =>
			onEvent({
				kind: 'agent',
				eventId: r.event_id,
				tsMs: Number(r.ts_ms),
				type: 'agent.state',
				agentId: r.agent_id,
				teamId: r.team_id,
				state: r.state as AgentState,
				channels: r.channels,
				maxConcurrency: Number(r.max_concurrency),
				// the latest names sent, as LiveState.applyAgent reads them from attrs
				attrs: r.name || r.team_name ? JSON.stringify({ name: r.name || undefined, team_name: r.team_name || undefined }) : ''
			})
	);
}
