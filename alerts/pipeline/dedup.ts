/**
 * Stage 6 — dedup and timing: drops notices already in the notification log (each
 * (alert, level, recipient) is told once; repeats carry their own sequence number) and keeps
 * only the groups that may send now:
 *   due ⇔ (never flushed or now − lastFlush ≥ groupIntervalMs) ∧ now − oldest owed ≥ groupWaitMs
 * (Alertmanager's group_wait / group_interval).
 */
import type { GroupState, NotificationLogEntry } from '../engine/state';
import type { GroupingPolicy } from '../rules/ruleTypes';
import type { Candidate } from './candidates';

/**
 * Removes logged notices; empty groups disappear.
 *
 * @example
 * const fresh = dropLogged(groups, state.log);
 */
export function dropLogged(
	groups: ReadonlyMap<string, Candidate[]>,
	log: Readonly<Record<string, NotificationLogEntry>>
): Map<string, Candidate[]> {
	const out = new Map<string, Candidate[]>();
	for (const [key, list] of groups) {
		const seen = new Set<string>();
		const kept = list.filter((c) => {
			if (log[c.logKey] || seen.has(c.logKey)) return false;
			seen.add(c.logKey);
			return true;
		});
		if (kept.length > 0) out.set(key, kept);
	}
	return out;
}

/**
 * Keeps the groups due at `nowMs`.
 *
 * @example
 * const due = dueGroups(fresh, state.groups, config.grouping, now);
 */
export function dueGroups(
	groups: ReadonlyMap<string, Candidate[]>,
	groupStates: Readonly<Record<string, GroupState>>,
	policy: GroupingPolicy,
	nowMs: number
): Map<string, Candidate[]> {
	const out = new Map<string, Candidate[]>();
	for (const [key, list] of groups) {
		const last = groupStates[key]?.lastFlushAtMs;
		if (last !== undefined && nowMs - last < policy.groupIntervalMs) continue;
		let oldest = Number.POSITIVE_INFINITY;
		for (const c of list) oldest = Math.min(oldest, c.owedSinceMs);
		if (nowMs - oldest < policy.groupWaitMs) continue;
		out.set(key, list);
	}
	return out;
}
