/**
 * Stage 7 — notify: turns each due group into one notification intent (a digest) and one log
 * entry per notice in it. The intent is what the server hands to the notifier dispatcher; the
 * log entries are what it persists, and what makes a restart skip notices already sent.
 */
import type { AlertStatus, AlertValue, NotificationKind, NotificationLogEntry } from '../engine/state';
import type { Labels, Level, ResolvedRecipient } from '../types';
import type { Candidate } from './candidates';

export interface IntentEntry {
	logKey: string;
	alertId: string;
	alertKey: string;
	ruleId: string;
	ruleName: string;
	/** English rule name (the rule's nameEn, else its name). */
	ruleNameEn: string;
	kind: NotificationKind;
	level: Level;
	seq: number;
	labels: Labels;
	value: AlertValue;
	/** Alert status when the intent was built. */
	status: AlertStatus;
}

export interface NotificationIntent {
	/** `${groupKey}@${createdAtMs}`; use it as the dispatch id (idempotent enqueue). */
	id: string;
	groupKey: string;
	recipient: ResolvedRecipient;
	/** `resolved` digests only hold resolved notices; `firing` ones hold firing and repeat notices. */
	kind: 'firing' | 'resolved';
	/** The group's level (firing), or the highest level among resolved entries. */
	level: Level;
	/** Channel when all entries share one, else null. */
	channel: string | null;
	/** L3 firing: the wall-board plays a sound. */
	sound: boolean;
	entries: IntentEntry[];
	createdAtMs: number;
}

function entryOf(c: Candidate): IntentEntry {
	return {
		logKey: c.logKey,
		alertId: c.alert.id,
		alertKey: c.alert.key,
		ruleId: c.alert.ruleId,
		ruleName: c.alert.ruleName,
		ruleNameEn: c.alert.ruleNameEn ?? c.alert.ruleName,
		kind: c.kind,
		level: c.level,
		seq: c.seq,
		labels: { ...c.alert.labels },
		value: { ...c.alert.value },
		status: c.alert.status
	};
}

/**
 * Builds an intent from entries that share a group (also used to rebuild undelivered intents
 * after a restart).
 *
 * @throws Error when `entries` is empty
 * @example
 * const intent = intentFromEntries('team:T1|channel=chat|L1', recipient, entries, now);
 */
export function intentFromEntries(
	groupKey: string,
	recipient: ResolvedRecipient,
	entries: IntentEntry[],
	createdAtMs: number,
	id = `${groupKey}@${createdAtMs}`
): NotificationIntent {
	if (entries.length === 0) throw new Error(`intentFromEntries: group ${groupKey} has no entries`);
	const sorted = [...entries].sort((a, b) => b.level - a.level || a.alertId.localeCompare(b.alertId));
	const resolved = sorted.every((e) => e.kind === 'resolved');
	const level = sorted[0].level;
	const channels = new Set(sorted.map((e) => e.labels.channel ?? ''));
	return {
		id,
		groupKey,
		recipient,
		kind: resolved ? 'resolved' : 'firing',
		level,
		channel: channels.size === 1 ? ([...channels][0] ?? null) : null,
		sound: !resolved && level === 3,
		entries: sorted,
		createdAtMs
	};
}

/**
 * Builds the intents and log entries of the due groups (sorted by group key for determinism).
 *
 * @example
 * const { intents, logEntries } = buildIntents(due, now);
 */
export function buildIntents(
	due: ReadonlyMap<string, Candidate[]>,
	nowMs: number
): { intents: NotificationIntent[]; logEntries: NotificationLogEntry[] } {
	const intents: NotificationIntent[] = [];
	const logEntries: NotificationLogEntry[] = [];
	for (const groupKey of [...due.keys()].sort()) {
		const list = due.get(groupKey) as Candidate[];
		const intent = intentFromEntries(groupKey, list[0].recipient, list.map(entryOf), nowMs);
		intents.push(intent);
		for (const c of list) {
			logEntries.push({
				logKey: c.logKey,
				alertId: c.alert.id,
				alertKey: c.alert.key,
				ruleId: c.alert.ruleId,
				kind: c.kind,
				level: c.level,
				seq: c.seq,
				recipient: c.recipient,
				groupKey,
				intentId: intent.id,
				emittedAtMs: nowMs,
				status: 'emitted',
				settledAtMs: null,
				error: null
			});
		}
	}
	return { intents, logEntries };
}
