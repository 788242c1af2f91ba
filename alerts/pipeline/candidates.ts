/**
 * Candidate notifications: everything the alerts say should have been told, before muting,
 * grouping and de-duplication against the notification log.
 *
 * - firing: for an active (firing or acknowledged) alert at level N, one per level 1..N and
 *   recipient of that level;
 * - repeat: for a firing, unacknowledged alert with repeatIntervalMs > 0, one per elapsed
 *   interval at the current level (only the latest is due);
 * - resolved: for a resolved alert, one per recipient who was actually paged (a firing or repeat
 *   entry in the log that did not fail).
 */
import type { CompiledConfig } from '../engine/compileConfig';
import type { AlertRecord, NotificationKind, NotificationLogEntry } from '../engine/state';
import type { Level, RecipientRef, ResolvedRecipient } from '../types';
import { LEVEL_KEYS } from '../rules/ruleTypes';

export interface Candidate {
	logKey: string;
	alert: AlertRecord;
	kind: NotificationKind;
	level: Level;
	seq: number;
	recipient: ResolvedRecipient;
	/** Since when the notice is owed (level reached, repeat due, alert resolved). */
	owedSinceMs: number;
}

/**
 * Resolves a rule's recipient reference in the context of an alert (see ResolvedRecipient for
 * the key format).
 *
 * @example
 * resolveRecipient({ type: 'team' }, alert); // { key: 'team:T1', type: 'team', teamId: 'T1', channel: 'chat', id: null }
 */
export function resolveRecipient(ref: RecipientRef, alert: AlertRecord): ResolvedRecipient {
	const channel = alert.labels.channel ?? '';
	const teamId = alert.kind === 'contact' ? (alert.labels.team ?? 'unassigned') : null;
	switch (ref.type) {
		case 'team':
			return { key: teamId !== null ? `team:${teamId}` : `team:channel=${channel}`, type: 'team', teamId, channel, id: null };
		case 'supervisor':
			return { key: teamId !== null ? `supervisor:${teamId}` : `supervisor:channel=${channel}`, type: 'supervisor', teamId, channel, id: null };
		case 'manager':
			return { key: 'manager', type: 'manager', teamId: null, channel, id: null };
		case 'user':
			return { key: `user:${ref.id}`, type: 'user', teamId: null, channel, id: ref.id };
		case 'target':
			return { key: `target:${ref.id}`, type: 'target', teamId: null, channel, id: ref.id };
	}
}

/** Log key of a notice (the idempotency key of "who was told what"). */
export function logKeyOf(alertId: string, kind: NotificationKind, level: Level, recipientKey: string, seq: number): string {
	if (kind === 'resolved') return `${alertId}|resolved|${recipientKey}`;
	if (kind === 'repeat') return `${alertId}|repeat|L${level}|${recipientKey}|${seq}`;
	return `${alertId}|firing|L${level}|${recipientKey}`;
}

/** Log entries grouped by alert id. */
export function logByAlert(log: Record<string, NotificationLogEntry>): Map<string, NotificationLogEntry[]> {
	const map = new Map<string, NotificationLogEntry[]>();
	for (const e of Object.values(log)) {
		const list = map.get(e.alertId);
		if (list) list.push(e);
		else map.set(e.alertId, [e]);
	}
	return map;
}

function levelRecipients(compiled: CompiledConfig, alert: AlertRecord, level: Level): ResolvedRecipient[] {
	const cr = compiled.rulesById.get(alert.ruleId);
	if (!cr) return [];
	const refs = cr.rule.levels[LEVEL_KEYS[level - 1]].recipients as RecipientRef[];
	const seen = new Map<string, ResolvedRecipient>();
	for (const ref of refs) {
		const r = resolveRecipient(ref, alert);
		if (!seen.has(r.key)) seen.set(r.key, r);
	}
	return [...seen.values()];
}

/**
 * Lists candidate notices for all alerts.
 *
 * @param alerts alert records by id
 * @param logIndex log entries by alert id (see {@link logByAlert})
 * @param compiled compiled configuration (recipients, repeat intervals)
 * @param nowMs step instant
 * @throws never
 * @example
 * const candidates = listCandidates(state.alerts, logByAlert(state.log), compiled, now);
 */
export function listCandidates(
	alerts: Record<string, AlertRecord>,
	logIndex: Map<string, NotificationLogEntry[]>,
	compiled: CompiledConfig,
	nowMs: number,
	/** when given, notices already in this log are left out (they would be dropped as logged later) */
	skipLogged?: Readonly<Record<string, NotificationLogEntry>>
): Candidate[] {
	const out: Candidate[] = [];
	const push = (c: Candidate) => {
		if (!skipLogged || !skipLogged[c.logKey]) out.push(c);
	};
	for (const alert of Object.values(alerts)) {
		if (alert.status === 'firing' || alert.status === 'acknowledged') {
			for (let l = 1 as Level; l <= alert.level; l++) {
				const since = alert.levelReachedAtMs[String(l) as '1' | '2' | '3'] ?? alert.startedAtMs;
				for (const recipient of levelRecipients(compiled, alert, l)) {
					push({ logKey: logKeyOf(alert.id, 'firing', l, recipient.key, 0), alert, kind: 'firing', level: l, seq: 0, recipient, owedSinceMs: since });
				}
			}
			const repeatMs = compiled.rulesById.get(alert.ruleId)?.rule.repeatIntervalMs ?? 0;
			if (alert.status === 'firing' && repeatMs > 0 && alert.level > 0) {
				const level = alert.level as Level;
				const reached = alert.levelReachedAtMs[String(level) as '1' | '2' | '3'] ?? alert.startedAtMs;
				const seq = Math.floor((nowMs - reached) / repeatMs);
				if (seq >= 1) {
					for (const recipient of levelRecipients(compiled, alert, level)) {
						push({ logKey: logKeyOf(alert.id, 'repeat', level, recipient.key, seq), alert, kind: 'repeat', level, seq, recipient, owedSinceMs: reached + seq * repeatMs });
					}
				}
			}
		} else if (alert.status === 'resolved') {
			const paged = new Map<string, { recipient: ResolvedRecipient; level: Level }>();
			for (const e of logIndex.get(alert.id) ?? []) {
				if (e.kind === 'resolved' || e.status === 'failed') continue;
				const prev = paged.get(e.recipient.key);
				if (!prev || prev.level < e.level) paged.set(e.recipient.key, { recipient: e.recipient, level: e.level });
			}
			for (const { recipient, level } of paged.values()) {
				push({
					logKey: logKeyOf(alert.id, 'resolved', level, recipient.key, 0),
					alert,
					kind: 'resolved',
					level,
					seq: 0,
					recipient,
					owedSinceMs: alert.resolvedAtMs ?? nowMs
				});
			}
		}
	}
	return out;
}
