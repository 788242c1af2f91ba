import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import type { SeenIds } from '../ingest/dedup';
import { recentEventIds } from '../queries/ingest/recentEventIds';
import { latestAgentStates } from '../queries/live/latestAgentStates';
import { replayContactEvents } from '../queries/live/replayContactEvents';
import { SLOT_MS, WINDOW_SLOTS, type LiveState } from './liveState';

/** How far back an open contact is restored at start (tickets may wait for days). */
export const OPEN_CONTACT_LOOKBACK_MS = 8 * 86_400_000;

/**
 * Rebuilds, from what is stored, the dedup set (ids within the lateness window) and the live state
 * (today's and the last 15 minutes' counters, open contacts, agents), by replaying stored events
 * through the same `apply` the ingester uses — so the board shows the same numbers after a restart.
 */
export async function rebuildFromStorage(opts: {
	client: ClickHouseClient;
	live: LiveState;
	seen: SeenIds;
	nowMs: number;
	timezone: string;
	maxLatenessSec: number;
}): Promise<{ ids: number; contactEvents: number; agents: number; elapsedMs: number }> {
	const t0 = performance.now();
	const { client, live, seen, nowMs } = opts;
	const ids = await recentEventIds(client, { fromMs: nowMs - opts.maxLatenessSec * 1000 }, (id, ts) => seen.add(id, ts));
	const todayStart = DateTime.fromMillis(nowMs, { zone: opts.timezone }).startOf('day').toMillis();
	const windowStart = Math.floor(nowMs / SLOT_MS) * SLOT_MS - WINDOW_SLOTS * SLOT_MS;
	const replayFromMs = Math.min(todayStart, windowStart);
	const contactEvents = await replayContactEvents(
		client,
		{ fromMs: Math.min(replayFromMs, nowMs - OPEN_CONTACT_LOOKBACK_MS), replayFromMs },
		(e) => live.apply(e, nowMs)
	);
	const agents = await latestAgentStates(client, { fromMs: nowMs - 86_400_000 }, (e) => live.apply(e, nowMs));
	return { ids, contactEvents, agents, elapsedMs: performance.now() - t0 };
}
