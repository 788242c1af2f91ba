import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { SeenIds } from '../ingest/dedup';
import { recentEventIds } from '../queries/ingest/recentEventIds';
import { latestAgentStates } from '../queries/live/latestAgentStates';
import { replayContactEvents } from '../queries/live/replayContactEvents';
import { SLOT_MS, WINDOW_SLOTS, type LiveState } from './liveState';

/** How far back the dedup memory is filled at start (decision 0006). */
export const DEDUP_PRELOAD_MS = 15 * 60_000;

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
	// The dedup memory starts with the last DEDUP_PRELOAD_MS of ids only (not the whole lateness
	// window: issue 24's 86 s restart); older events are looked up in ClickHouse when they come.
	const idsFromMs = nowMs - Math.min(opts.maxLatenessSec * 1000, DEDUP_PRELOAD_MS);
	seen.horizonMs = idsFromMs;
	const ids = await recentEventIds(client, { fromMs: idsFromMs }, (source, id, ts) => seen.add(SeenIds.key(source, id), ts));
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
