/**
 * Stage 8 — housekeeping: drops resolved alerts (and their log entries) once the retention has
 * passed, or once more resolved alerts are held than {@link RESOLVED_HELD_MAX}, and nothing about
 * them is still owed or awaiting delivery; forgets group timers that no longer restrict anything.
 * Keeps the persisted state, and the memory of a server that runs for weeks, small.
 */
import type { AlertRecord, EngineState } from '../engine/state';

/**
 * A log entry still `emitted` (delivery outcome never recorded) holds its alert at most this
 * long, so a server that does not record deliveries cannot grow the state without bound.
 */
export const OUTBOX_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * At most this many resolved alerts that nothing holds (no notice owed or awaiting delivery, no
 * manual-resolve suppression) stay in the state, whatever `resolvedRetentionMs` says: a time-only
 * retention grows with the alert rate (the soak's 18 per-contact alerts a second held 64 000
 * records, ≈ 60 MB, for the default hour). Resolved alerts are stored when they resolve and the
 * inbox reads them from storage, so dropping the oldest ones early changes nothing a person sees
 * (docs/decisions/0129).
 */
export const RESOLVED_HELD_MAX = 2_000;

/**
 * When the cap is exceeded the oldest are dropped down to this share of it, so a steady stream of
 * resolutions sorts the held alerts once per 200 resolutions rather than on every step.
 */
const CAP_LOW_WATER = 0.9;

/**
 * Prunes the state in place.
 *
 * @param state the step's private copy (mutated)
 * @param opts retention, group interval, ids of alerts with notices still owed, now, and
 *   optionally the cap on held resolved alerts (default {@link RESOLVED_HELD_MAX})
 * @returns ids of pruned alerts
 * @example
 * const pruned = pruneState(next, { resolvedRetentionMs: 3600e3, groupIntervalMs: 30e3, owedAlertIds: new Set(), nowMs: now });
 */
export function pruneState(
	state: EngineState,
	opts: { resolvedRetentionMs: number; groupIntervalMs: number; owedAlertIds: ReadonlySet<string>; nowMs: number; maxResolvedHeld?: number }
): string[] {
	const { nowMs } = opts;
	const cap = opts.maxResolvedHeld ?? RESOLVED_HELD_MAX;
	/** resolved alerts that only the retention or the cap keeps */
	const droppable: AlertRecord[] = [];
	let expired = 0;
	for (const a of Object.values(state.alerts)) {
		if (a.status === 'resolved' && !a.suppressUntilClear && a.resolvedAtMs !== null && !opts.owedAlertIds.has(a.id)) {
			droppable.push(a);
			if (nowMs - a.resolvedAtMs >= opts.resolvedRetentionMs) expired++;
		}
	}
	const candidates = new Set<string>();
	if (expired > 0 || droppable.length > cap) {
		// a notice handed to a notifier and not yet settled holds its alert (at most OUTBOX_MAX_AGE_MS)
		const awaiting = new Set<string>();
		for (const e of Object.values(state.log)) {
			if (e.status === 'emitted' && nowMs - e.emittedAtMs < OUTBOX_MAX_AGE_MS) awaiting.add(e.alertId);
		}
		const free = awaiting.size === 0 ? droppable : droppable.filter((a) => !awaiting.has(a.id));
		let keep: AlertRecord[] = [];
		for (const a of free) {
			if (nowMs - (a.resolvedAtMs as number) >= opts.resolvedRetentionMs) candidates.add(a.id);
			else keep.push(a);
		}
		if (keep.length > cap) {
			// oldest resolution first; ties by id so the choice does not depend on insertion order
			keep.sort((x, y) => (x.resolvedAtMs as number) - (y.resolvedAtMs as number) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
			const drop = keep.length - Math.floor(cap * CAP_LOW_WATER);
			for (let i = 0; i < drop; i++) candidates.add(keep[i].id);
			keep = [];
		}
	}
	if (candidates.size > 0) {
		for (const [key, e] of Object.entries(state.log)) if (candidates.has(e.alertId)) delete state.log[key];
		for (const id of candidates) delete state.alerts[id];
	}
	for (const [key, g] of Object.entries(state.groups)) {
		if (nowMs - g.lastFlushAtMs >= opts.groupIntervalMs) delete state.groups[key];
	}
	return [...candidates];
}
