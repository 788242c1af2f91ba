import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { SeenIds } from '../ingest/dedup';
import type { DedupDump } from '../ingest/dedup';
import { eventKeysReceivedAfter } from '../queries/ingest/eventKeysReceivedAfter';
import { recentEventIds } from '../queries/ingest/recentEventIds';
import { latestAgentStates } from '../queries/live/latestAgentStates';
import { replayContactEvents, replayContactEventsReceivedAfter } from '../queries/live/replayContactEvents';
import type { SnapshotEnvelope } from './snapshotFile';
import { SLOT_MS, WINDOW_SLOTS, type LiveState } from './liveState';

/** How far back an open contact is restored at start (tickets may wait for days). */
export const OPEN_CONTACT_LOOKBACK_MS = 8 * 86_400_000;

/**
 * With a usable snapshot (same day, same configuration) the live state is loaded from it and only
 * the contact events received after its mark are replayed — a restart after 4 M events then costs
 * seconds, not the 86 s of replaying the day (issue 24). Without one, the day is replayed as before.
 *
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
	/** a snapshot read from disk (./snapshotFile.ts): then only the events received after its mark are replayed */
	snapshot?: SnapshotEnvelope | null;
	/** the dedup memory saved with a snapshot (../ingest/dedupFile.ts): then only the ids received after its mark are read */
	dedup?: { dump: DedupDump; markMs: number } | null;
}): Promise<{ ids: number; contactEvents: number; agents: number; elapsedMs: number; from: string; phases: string }> {
	const t0 = performance.now();
	// where a restart's time goes (issue 24: port open within 10 s after 4 M events), logged by the runtime
	const phases: string[] = [];
	let tPhase = t0;
	const phase = (name: string) => {
		const t = performance.now();
		phases.push(`${name} ${(t - tPhase).toFixed(0)} ms`);
		tPhase = t;
	};
	const { client, live, seen, nowMs } = opts;
	const windowStart = nowMs - opts.maxLatenessSec * 1000;
	let ids: number;
	if (opts.dedup && opts.dedup.markMs <= nowMs && seen.importState(opts.dedup.dump)) {
		// The saved memory holds every id applied up to its mark (with its horizon); the ids stored
		// after the mark (received_at > mark, up to a minute's worth after a kill -9) are added to it.
		const before = seen.size;
		const tail = await eventKeysReceivedAfter(client, { fromMs: windowStart, afterReceivedMs: opts.dedup.markMs }, (source, id, ts) => seen.add(SeenIds.key(source, id), ts));
		ids = seen.size;
		phase(`dedup memory from its snapshot (${before} ids) + ${tail} received after it`);
	} else {
		// The dedup memory is refilled with the newest ids of the lateness window, up to what it holds
		// without wiping a generation. If they all fit, memory is complete for the window; otherwise its
		// horizon is the oldest ts loaded, and older events are looked up in ClickHouse when they come.
		const limit = seen.preloadCapacity;
		let oldestTs = Number.POSITIVE_INFINITY;
		ids = await recentEventIds(client, { fromMs: windowStart, limit }, (source, id, ts) => {
			seen.add(SeenIds.key(source, id), ts);
			if (ts < oldestTs) oldestTs = ts;
		});
		seen.horizonMs = ids < limit ? windowStart : oldestTs + 1;
		phase(`dedup refill from storage (${ids} ids)`);
	}
	const todayStart = DateTime.fromMillis(nowMs, { zone: opts.timezone }).startOf('day').toMillis();
	const slotWindowStart = Math.floor(nowMs / SLOT_MS) * SLOT_MS - WINDOW_SLOTS * SLOT_MS;
	const replayFromMs = Math.min(todayStart, slotWindowStart);
	const fromMs = Math.min(replayFromMs, nowMs - OPEN_CONTACT_LOOKBACK_MS);
	let contactEvents: number;
	let from = 'storage (a day of events replayed)';
	// A snapshot of today: load it and apply the tail.
	const snap = opts.snapshot;
	let usable = false;
	if (snap && snap.state.todayStartMs === todayStart && snap.markMs <= nowMs) {
		try {
			live.importState(snap.state, nowMs);
			usable = true;
		} catch {
			usable = false;
		}
		phase('snapshot import');
	}
	if (usable) {
		contactEvents = await replayContactEventsReceivedAfter(client, { fromMs, afterReceivedMs: snap!.markMs }, (e) => live.apply(e, nowMs));
		from = `snapshot of ${new Date(snap!.markMs).toISOString()} + ${contactEvents} events received after it`;
	} else {
		contactEvents = await replayContactEvents(client, { fromMs, replayFromMs }, (e) => live.apply(e, nowMs));
	}
	phase(`contact replay (${contactEvents} events)`);
	// agents: folded from storage either way (one GROUP BY; applyAgent ignores states older than the snapshot's)
	const agents = await latestAgentStates(client, { fromMs: nowMs - 86_400_000 }, (e) => live.apply(e, nowMs));
	phase(`agent fold (${agents} agents)`);
	return { ids, contactEvents, agents, elapsedMs: performance.now() - t0, from, phases: phases.join(', ') };
}
