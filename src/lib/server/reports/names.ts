import type { ClickHouseClient } from '@clickhouse/client';
import { agentEventNames } from '../queries/reports/peopleNames';
import { listSchedules } from '../queries/planning/listSchedules';
import type { KpiRow } from '$lib/types/reports';

/** Display names of agents and teams, by id (people are stored by id in events and rollups). */
export interface PeopleNames {
	agents: Map<string, string>;
	teams: Map<string, string>;
}

/**
 * Where names live, first found wins:
 * 1. agent events: the latest `name` / `team_name` an `agent.state` event carried (the ACD/WFM system's own);
 * 2. schedule rosters (issue 21, `agent_id,name,pool`), the newest schedule first (agents only).
 * Login users have no link to an agent id, and teams have no other source: an id without a name stays
 * an id, and the API says so with a null name.
 */
export function mergeNames(events: { kind: 'agent' | 'team'; id: string; name: string }[], rosters: { agentId: string; name: string }[][]): PeopleNames {
	const agents = new Map<string, string>();
	const teams = new Map<string, string>();
	for (const e of events) {
		const name = e.name.trim();
		if (name) (e.kind === 'agent' ? agents : teams).set(e.id, name);
	}
	for (const roster of rosters) {
		for (const r of roster) {
			const name = typeof r.name === 'string' ? r.name.trim() : '';
			if (name && !agents.has(r.agentId)) agents.set(r.agentId, name);
		}
	}
	return { agents, teams };
}

/** Rosters of the stored schedules, newest first (malformed bodies are skipped). */
function rostersOf(bodies: unknown[]): { agentId: string; name: string }[][] {
	const out: { agentId: string; name: string }[][] = [];
	for (const b of bodies) {
		const roster = (b as { roster?: unknown } | null)?.roster;
		if (!Array.isArray(roster)) continue;
		out.push(
			roster.filter(
				(r): r is { agentId: string; name: string } => typeof r === 'object' && r !== null && typeof (r as { agentId?: unknown }).agentId === 'string' && typeof (r as { name?: unknown }).name === 'string'
			)
		);
	}
	return out;
}

/** Reads the names (agent events, schedule rosters) on the given connection. */
export async function loadPeopleNames(client: ClickHouseClient): Promise<PeopleNames> {
	const events = await agentEventNames(client);
	const schedules = await listSchedules(client, true);
	return mergeNames(events, rostersOf(schedules.map((s) => s.body)));
}

/**
 * Sets `agentName` / `teamName` (null: no name known) on rows that have an agent or team, in place
 * (the rows are the report's own, just built; copying 36 000 of them cost more than the lookup).
 */
export function withNames(rows: KpiRow[], names: PeopleNames): KpiRow[] {
	for (const r of rows) {
		if (r.agent !== undefined) r.agentName = r.agent === '' ? null : (names.agents.get(r.agent) ?? null);
		if (r.team !== undefined) r.teamName = r.team === '' ? null : (names.teams.get(r.team) ?? null);
	}
	return rows;
}
