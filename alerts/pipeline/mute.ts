/**
 * Stages 3 and 4 — inhibit and silence. Both are {@link Muter}s (one interface, after
 * Alertmanager, where silences and inhibitions both implement `Muter`): a muted alert keeps its
 * state and level, but its firing and repeat notices are held back. Held notices stay owed and
 * go out if the mute lifts while the alert is still active; resolved notices are never muted
 * (whoever was paged hears that it is over).
 */
import type { AlertRecord } from '../engine/state';
import type { InhibitRule, Silence } from '../rules/ruleTypes';
import type { Candidate } from './candidates';
import { labelsMatch } from './matchers';

export interface Muter {
	/** `inhibit:<ruleId>` or `silence:<id>`, recorded in `alert.mutedBy`. */
	readonly name: string;
	mutes(alert: AlertRecord): boolean;
}

function isActiveSource(a: AlertRecord): boolean {
	return (a.status === 'firing' || a.status === 'acknowledged') && a.level > 0;
}

/**
 * One muter per inhibit rule over the current alerts: a target alert is muted while another
 * active alert matches the rule's source and has the same values for the `equal` labels.
 *
 * @example
 * const muters = createInhibitors(config.inhibitRules, Object.values(state.alerts));
 */
export function createInhibitors(rules: readonly InhibitRule[], alerts: readonly AlertRecord[]): Muter[] {
	return rules.map((rule) => {
		const sig = (a: AlertRecord) => rule.equal.map((l) => a.labels[l] ?? '').join('\u0000');
		const sources = new Map<string, Set<string>>();
		for (const a of alerts) {
			if (!isActiveSource(a) || !labelsMatch(rule.source, a.labels)) continue;
			const k = sig(a);
			const set = sources.get(k);
			if (set) set.add(a.id);
			else sources.set(k, new Set([a.id]));
		}
		return {
			name: `inhibit:${rule.id}`,
			mutes(alert: AlertRecord): boolean {
				if (sources.size === 0 || !labelsMatch(rule.target, alert.labels)) return false;
				const ids = sources.get(sig(alert));
				if (!ids) return false;
				return ids.size > 1 || !ids.has(alert.id); // an alert never inhibits itself
			}
		};
	});
}

/**
 * One muter per silence active at `nowMs` (startsAtMs ≤ now < endsAtMs).
 *
 * @example
 * const muters = createSilencers(silences, now);
 */
export function createSilencers(silences: readonly Silence[], nowMs: number): Muter[] {
	return silences
		.filter((s) => s.startsAtMs <= nowMs && nowMs < s.endsAtMs)
		.map((s) => ({ name: `silence:${s.id}`, mutes: (alert: AlertRecord) => labelsMatch(s.matchers, alert.labels) }));
}

/**
 * Records on each active alert which muters hold it (`mutedBy`) and drops the firing/repeat
 * candidates of muted alerts. Returns the kept candidates and the ids of alerts whose
 * `mutedBy` changed.
 *
 * @example
 * const { kept } = applyMuters(candidates, alerts, [...inhibitors, ...silencers], now);
 */
export function applyMuters(
	candidates: readonly Candidate[],
	alerts: Record<string, AlertRecord>,
	muters: readonly Muter[],
	nowMs: number
): { kept: Candidate[]; changed: Set<string> } {
	const changed = new Set<string>();
	for (const alert of Object.values(alerts)) {
		const mutedBy = alert.status === 'resolved' || muters.length === 0 ? [] : muters.filter((m) => m.mutes(alert)).map((m) => m.name);
		if (!sameNames(mutedBy, alert.mutedBy)) {
			alert.mutedBy = mutedBy;
			alert.updatedAtMs = nowMs;
			changed.add(alert.id);
		}
	}
	const kept = candidates.filter((c) => c.kind === 'resolved' || c.alert.mutedBy.length === 0);
	return { kept, changed };
}

/** mutedBy lists compared as their comma-joined text was (names never contain a comma, so element-wise). */
function sameNames(a: readonly string[], b: readonly string[]): boolean {
	if (a.length !== b.length) return a.join(',') === b.join(',');
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a.join(',') === b.join(',');
	return true;
}

/**
 * Drops firing notices of levels below the alert's current level that were never sent: when an
 * alert is already at L3, a late L1 "warning" is stale. Levels never go down, so a superseded
 * notice stays superseded without being logged.
 *
 * @example
 * const kept = dropSuperseded(candidates, new Set(Object.keys(state.log)));
 */
export function dropSuperseded(candidates: readonly Candidate[], logged: ReadonlySet<string>): Candidate[] {
	return candidates.filter((c) => c.kind !== 'firing' || c.level >= c.alert.level || logged.has(c.logKey));
}
