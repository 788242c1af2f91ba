/**
 * Stage 8 — housekeeping: drops resolved alerts (and their log entries) once the retention has
 * passed and nothing about them is still owed or awaiting delivery, and forgets group timers
 * that no longer restrict anything. Keeps the persisted state small.
 */
import type { EngineState } from '../engine/state';

/**
 * A log entry still `emitted` (delivery outcome never recorded) holds its alert at most this
 * long, so a server that does not record deliveries cannot grow the state without bound.
 */
export const OUTBOX_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Prunes the state in place.
 *
 * @param state the step's private copy (mutated)
 * @param opts retention, group interval, ids of alerts with notices still owed, now
 * @returns ids of pruned alerts
 * @example
 * const pruned = pruneState(next, { resolvedRetentionMs: 3600e3, groupIntervalMs: 30e3, owedAlertIds: new Set(), nowMs: now });
 */
export function pruneState(
	state: EngineState,
	opts: { resolvedRetentionMs: number; groupIntervalMs: number; owedAlertIds: ReadonlySet<string>; nowMs: number }
): string[] {
	const { nowMs } = opts;
	const candidates = new Set<string>();
	for (const a of Object.values(state.alerts)) {
		if (
			a.status === 'resolved' &&
			!a.suppressUntilClear &&
			a.resolvedAtMs !== null &&
			nowMs - a.resolvedAtMs >= opts.resolvedRetentionMs &&
			!opts.owedAlertIds.has(a.id)
		) {
			candidates.add(a.id);
		}
	}
	if (candidates.size > 0) {
		for (const e of Object.values(state.log)) {
			if (candidates.has(e.alertId) && e.status === 'emitted' && nowMs - e.emittedAtMs < OUTBOX_MAX_AGE_MS) candidates.delete(e.alertId);
		}
		for (const [key, e] of Object.entries(state.log)) if (candidates.has(e.alertId)) delete state.log[key];
		for (const id of candidates) delete state.alerts[id];
	}
	for (const [key, g] of Object.entries(state.groups)) {
		if (nowMs - g.lastFlushAtMs >= opts.groupIntervalMs) delete state.groups[key];
	}
	return [...candidates];
}
