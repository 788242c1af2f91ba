/**
 * Engine state: a plain, JSON-serialisable object made of the alerts and the notification log.
 * The server persists both (e.g. ClickHouse ReplacingMergeTree tables keyed by `alert.id` and
 * `logEntry.logKey`, versioned by `updatedAtMs` / `settledAtMs ?? emittedAtMs`) and rebuilds
 * the state with {@link restoreState} on start. Because the log holds one entry per
 * (alert, level, recipient) and the engine only emits entries missing from it, a restart
 * neither loses nor repeats a level.
 */
import type { Labels, Level, LevelOrNone, ResolvedRecipient } from '../types';

export type AlertStatus = 'pending' | 'firing' | 'acknowledged' | 'resolved';

export type ResolveReason =
	/** the watched condition cleared (contact answered, SL recovered) */
	| 'condition_cleared'
	/** the item left the snapshot (closed, transferred out of scope) */
	| 'item_gone'
	/** another rule now applies to the item, or it moved out of this rule's scope */
	| 'rule_no_longer_applies'
	/** the rule was deleted or disabled */
	| 'rule_removed'
	/** resolved by a person in the inbox */
	| 'manual';

/** Latest reading behind an alert (for the inbox and messages). */
export interface AlertValue {
	/** Contact rules: the rule clock's elapsed business time, ms. */
	clockMs: number | null;
	/** Contact rules: threshold of the current level (or L1 while below it), ms. */
	thresholdMs: number | null;
	/** Aggregate rules: metric value (points, count or seconds). */
	metricValue: number | null;
	/** Aggregate rules: threshold of the current level (or L1). */
	threshold: number | null;
	/**
	 * `ok`; `no_data` (the metric is unknown: null/NaN/∞ — never fires or escalates unless the
	 * rule has noData = alert); `low_volume` (a rate rule below its minOffered: not evaluated).
	 * Absent in records written before this field existed (= ok).
	 */
	dataState?: 'ok' | 'no_data' | 'low_volume';
	/** Contacts offered in the window when the rule read it (rate rules), else null/absent. */
	offered?: number | null;
}

/** What was read when a level was reached (the inbox shows it with the trend since). */
export interface LevelReading {
	value: number | null;
	threshold: number | null;
}

export interface AckInfo {
	by: string;
	atMs: number;
	/** The alert re-arms at this instant if still active. */
	untilMs: number;
	/** true when the acknowledgement is a claim (the person takes the contact over). */
	claim: boolean;
	note: string | null;
}

export interface AlertRecord {
	/** Episode id `${key}@${startedAtMs}`: unique, stable across restarts. */
	id: string;
	/** What is watched: `c:<ruleId>:<itemId>` or `a:<ruleId>:<channel>:<queue|*>`. */
	key: string;
	ruleId: string;
	ruleName: string;
	/** The rule's English name when it has one (absent in older records). */
	ruleNameEn?: string;
	kind: 'contact' | 'aggregate';
	/** kind, scope (item|queue|channel), rule, channel, queue, priority, team, agent, item, metric, level. */
	labels: Labels;
	status: AlertStatus;
	/** Highest level reached (0 while pending). Never goes down within an episode. */
	level: LevelOrNone;
	/** Level the condition is at while pending. */
	pendingLevel: LevelOrNone;
	startedAtMs: number;
	/** When each level was reached, keyed '1' | '2' | '3'. */
	levelReachedAtMs: Partial<Record<'1' | '2' | '3', number>>;
	/** The value and threshold that made each level fire (absent in older records). */
	levelReadings?: Partial<Record<'1' | '2' | '3', LevelReading>>;
	/** Since when the value has been unknown (no data), else null/absent. */
	noDataSinceMs?: number | null;
	/** Last change of status, level, acknowledgement, mute or labels. */
	updatedAtMs: number;
	value: AlertValue;
	ack: AckInfo | null;
	/** When the condition was first seen false (for clearForMs), else null. */
	clearSinceMs: number | null;
	resolvedAtMs: number | null;
	resolvedBy: string | null;
	resolveReason: ResolveReason | null;
	/** A manual resolve while the condition still held: no new episode until it clears. */
	suppressUntilClear: boolean;
	/** Inhibit rules (`inhibit:<id>`) and silences (`silence:<id>`) muting it now. */
	mutedBy: string[];
}

export type NotificationKind = 'firing' | 'repeat' | 'resolved';

/** One notice to one recipient about one alert: the unit of "who was told what and when". */
export interface NotificationLogEntry {
	/** `${alertId}|firing|L<level>|<recipientKey>`, `…|repeat|L<level>|<recipientKey>|<seq>`, `${alertId}|resolved|<recipientKey>`. */
	logKey: string;
	alertId: string;
	alertKey: string;
	ruleId: string;
	kind: NotificationKind;
	level: Level;
	/** Repeat number (1, 2, …); 0 for firing and resolved. */
	seq: number;
	recipient: ResolvedRecipient;
	groupKey: string;
	/** The intent (digest) that carried it. */
	intentId: string;
	emittedAtMs: number;
	/** emitted = handed to the dispatcher; delivered / failed once the server records the outcome. */
	status: 'emitted' | 'delivered' | 'failed';
	settledAtMs: number | null;
	error: string | null;
}

export interface GroupState {
	lastFlushAtMs: number;
}

export interface EngineState {
	version: 1;
	/** By alert id (episode). Resolved alerts stay until `resolvedRetentionMs` has passed. */
	alerts: Record<string, AlertRecord>;
	/** By logKey. */
	log: Record<string, NotificationLogEntry>;
	/** By group key; derivable from the log (latest emittedAtMs per groupKey). */
	groups: Record<string, GroupState>;
	lastStepAtMs: number | null;
}

/** Deep copy of one alert record (cheaper than structuredClone; records are plain data). */
export function cloneAlert(a: AlertRecord): AlertRecord {
	return {
		...a,
		labels: { ...a.labels },
		levelReachedAtMs: { ...a.levelReachedAtMs },
		levelReadings: a.levelReadings ? { ...a.levelReadings } : undefined,
		value: { ...a.value },
		ack: a.ack ? { ...a.ack } : null,
		mutedBy: [...a.mutedBy]
	};
}

/**
 * Copy of the state that a step may change: alert records are copied (the step mutates them),
 * log entries and group timers are only ever replaced or removed, never mutated, so the maps
 * are copied and the entries shared.
 */
export function copyForStep(state: EngineState): EngineState {
	const alerts: Record<string, AlertRecord> = {};
	for (const [id, a] of Object.entries(state.alerts)) alerts[id] = cloneAlert(a);
	return { version: 1, alerts, log: { ...state.log }, groups: { ...state.groups }, lastStepAtMs: state.lastStepAtMs };
}

/** A fresh, empty engine state. */
export function emptyState(): EngineState {
	return { version: 1, alerts: {}, log: {}, groups: {}, lastStepAtMs: null };
}

/**
 * Rebuilds an engine state from persisted rows (e.g. the latest version of each alert and log
 * entry read back from ClickHouse). Group timers are derived from the log, log entries of
 * alerts not given are dropped.
 *
 * @param parts alerts and log entries; `lastStepAtMs` if persisted
 * @throws Error when an alert or log entry lacks its id/logKey, or ids repeat
 * @example
 * const state = restoreState({ alerts: rows.alerts, log: rows.log });
 */
export function restoreState(parts: {
	alerts: readonly AlertRecord[];
	log: readonly NotificationLogEntry[];
	lastStepAtMs?: number | null;
	/** Group timers if persisted; derived from the log otherwise. */
	groups?: Record<string, GroupState>;
}): EngineState {
	const state = emptyState();
	for (const [i, a] of parts.alerts.entries()) {
		if (!a || typeof a.id !== 'string' || typeof a.key !== 'string') {
			throw new Error(`restoreState: alerts[${i}] must have string id and key, got ${JSON.stringify(a)?.slice(0, 80)}`);
		}
		if (state.alerts[a.id]) throw new Error(`restoreState: alerts[${i}].id ${a.id} appears twice`);
		state.alerts[a.id] = structuredClone(a);
	}
	for (const [i, e] of parts.log.entries()) {
		if (!e || typeof e.logKey !== 'string' || typeof e.alertId !== 'string') {
			throw new Error(`restoreState: log[${i}] must have string logKey and alertId`);
		}
		if (!state.alerts[e.alertId]) continue;
		state.log[e.logKey] = structuredClone(e);
		const g = state.groups[e.groupKey];
		if (!g || g.lastFlushAtMs < e.emittedAtMs) state.groups[e.groupKey] = { lastFlushAtMs: e.emittedAtMs };
	}
	if (parts.groups) state.groups = structuredClone(parts.groups);
	state.lastStepAtMs = parts.lastStepAtMs ?? null;
	return state;
}

/**
 * Serialises the state to JSON (for a single-blob store).
 *
 * @example
 * const json = serializeState(state); const again = parseState(json);
 */
export function serializeState(state: EngineState): string {
	return JSON.stringify(state);
}

/**
 * Parses JSON written by {@link serializeState}.
 *
 * @throws Error when the text is not a version-1 engine state
 * @example
 * parseState(serializeState(emptyState()));
 */
export function parseState(json: string): EngineState {
	let raw: unknown;
	try {
		raw = JSON.parse(json);
	} catch (e) {
		throw new Error(`parseState: not JSON (${(e as Error).message})`);
	}
	const s = raw as Partial<EngineState> | null;
	if (!s || s.version !== 1 || typeof s.alerts !== 'object' || typeof s.log !== 'object') {
		throw new Error('parseState: expected an object with version 1, alerts and log');
	}
	return restoreState({
		alerts: Object.values(s.alerts ?? {}),
		log: Object.values(s.log ?? {}),
		lastStepAtMs: s.lastStepAtMs ?? null,
		groups: typeof s.groups === 'object' && s.groups !== null ? s.groups : undefined
	});
}

/** Alerts that are pending, firing or acknowledged. */
export function activeAlerts(state: EngineState): AlertRecord[] {
	return Object.values(state.alerts).filter((a) => a.status !== 'resolved');
}
