/**
 * Adherence of the live agents to the latest published schedule (forecast/scheduling/adherence.ts
 * does the comparison). Today's state changes come from `agent_events` (so a restart does not lose
 * the day), the current one from the in-memory live state.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { computeAdherence, type AgentPlan, type StateChange } from '$forecast/scheduling/index';
import type { ScheduleBody } from '$lib/planning/scheduleBody';
import { agentName, parseScheduleBody } from '$lib/planning/scheduleBody';
import { latestPublished } from '$lib/server/queries/planning/listSchedules';
import { adherenceTimelines } from '$lib/server/queries/planning/adherenceTimelines';
import type { LiveState } from '$lib/server/live/liveState';

export function plansOf(body: ScheduleBody): AgentPlan[] {
	const base = DateTime.fromISO(body.requirement.firstDate, { zone: body.timezone });
	const at = (m: number) => base.plus({ minutes: m }).toMillis();
	const byAgent = new Map<string, AgentPlan>();
	for (const s of body.shifts) {
		const p = byAgent.get(s.agentId) ?? { agentId: s.agentId, shifts: [] };
		p.shifts.push({ fromMs: at(s.start), toMs: at(s.end), breaks: s.breaks.map((b) => ({ fromMs: at(b.start), toMs: at(b.start + b.lengthMin) })) });
		byAgent.set(s.agentId, p);
	}
	return [...byAgent.values()];
}

/** Today's state changes of `ids`, with each agent's last state before the day start. */
async function timelines(client: ClickHouseClient, ids: string[], dayStartMs: number, nowMs: number): Promise<Map<string, StateChange[]>> {
	const out = new Map<string, StateChange[]>();
	if (ids.length === 0) return out;
	await adherenceTimelines(client, { ids, from: dayStartMs, to: nowMs }, (r) => {
		const l = out.get(r.agent_id) ?? [];
		l.push({ tsMs: r.ts_ms, state: r.state });
		out.set(r.agent_id, l);
	});
	return out;
}

/**
 * The latest published schedule, cached for `PUBLISHED_TTL_MS` (the adherence monitor asks every
 * few seconds; a publish through the API drops the cache at once).
 */
const PUBLISHED_TTL_MS = 60_000;
let published: { atMs: number; row: Awaited<ReturnType<typeof latestPublished>> } | null = null;
export function schedulePublished(): void {
	published = null;
}
async function publishedSchedule(client: ClickHouseClient, nowMs: number) {
	if (published === null || nowMs - published.atMs > PUBLISHED_TTL_MS || nowMs < published.atMs) published = { atMs: nowMs, row: await latestPublished(client) };
	return published.row;
}

export async function adherenceNow(deps: { client: ClickHouseClient; live: LiveState; nowMs: number; timezone: string; thresholdMin: number }) {
	const s = await publishedSchedule(deps.client, deps.nowMs);
	if (!s) return { scheduleId: null, scheduleName: null, centrePct: null, thresholdMin: deps.thresholdMin, agents: [] };
	const body = parseScheduleBody(s.body);
	const plans = plansOf(body);
	const dayStartMs = DateTime.fromMillis(deps.nowMs, { zone: body.timezone || deps.timezone }).startOf('day').toMillis();
	const tls = await timelines(deps.client, plans.map((p) => p.agentId), dayStartMs, deps.nowMs);
	// the live state is the freshest word on "now"
	for (const p of plans) {
		const a = deps.live.agents.get(p.agentId);
		if (!a) continue;
		const l = tls.get(p.agentId) ?? [];
		if (l.length === 0 || l[l.length - 1].tsMs <= a.sinceMs) l.push({ tsMs: a.sinceMs, state: a.state });
		tls.set(p.agentId, l);
	}
	const r = computeAdherence(plans, tls, deps.nowMs, dayStartMs, deps.thresholdMin);
	return {
		scheduleId: s.id,
		scheduleName: s.name,
		centrePct: r.centrePct,
		thresholdMin: deps.thresholdMin,
		agents: r.agents
			.map((a) => ({ ...a, name: agentName(body, a.agentId) }))
			.sort((a, b) => Number(a.inAdherence) - Number(b.inAdherence) || b.outMinutes - a.outMinutes || a.name.localeCompare(b.name))
	};
}
