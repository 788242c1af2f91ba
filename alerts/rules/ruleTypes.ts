/**
 * Alert rules as data (JSON-serialisable, validated by `validateConfig`).
 */
import type { BusinessCalendar } from '../calendar/businessCalendar';
import type { Level, RecipientRef } from '../types';

/**
 * The clock a contact rule watches.
 * - `first_response`: from arrival until the first agent response (首次响应).
 * - `customer_waiting`: after the first response, from the customer's first unanswered message
 *   until the next agent reply.
 * - `milestone`: from one milestone (e.g. `created`) until another (e.g. `plan`), for tickets
 *   such as the bad-review process (差评挽救: respond 1 h, plan 24 h, follow up 72 h).
 */
export type ClockSpec =
	| { kind: 'first_response' }
	| { kind: 'customer_waiting' }
	| { kind: 'milestone'; from: string; until: string };

export const CLOCK_KINDS = ['first_response', 'customer_waiting', 'milestone'] as const;

/** One level of a contact rule. */
export interface ContactLevelSpec {
	/** Clock time (business time, pauses excluded) at which the level is reached. */
	thresholdMs: number;
	recipients: RecipientRef[];
	/** Another clock for this level (tickets: L2 "24 h without a plan"); default the rule's clock. */
	clock?: ClockSpec;
}

/** One level of an aggregate rule: reached when the metric is at or above `threshold`. */
export interface AggregateLevelSpec {
	threshold: number;
	recipients: RecipientRef[];
}

/** Glob patterns (`*` matches any run of characters; `"*"` alone matches everything). */
export interface ContactMatch {
	channel: string;
	queue: string;
	priority: string;
}

/** Fields common to all rule kinds. */
interface RuleBase {
	id: string;
	/** Name in Chinese (zh-CN), as managers read it. */
	name: string;
	/** Name in English (the English inbox and board); falls back to `name`. */
	nameEn?: string;
	enabled: boolean;
	/**
	 * Business calendar during which the clock runs (contact rules) or the rule may raise or
	 * escalate (aggregate rules): an inline calendar, the id of one in `config.calendars`, or
	 * null for 24×7.
	 */
	calendar: BusinessCalendar | string | null;
	/** How long an acknowledgement holds before the alert re-arms, ms. */
	ackTimeoutMs: number;
	/** Reminder interval for a still-firing, unacknowledged alert at its level; 0 = never. */
	repeatIntervalMs: number;
	/** The condition must hold this long before the alert fires (state `pending` meanwhile). */
	forMs: number;
	/** The condition must be false this long before the alert resolves (flap damping). */
	clearForMs: number;
}

export interface ContactRule extends RuleBase {
	kind: 'contact';
	match: ContactMatch;
	clock: ClockSpec;
	levels: { l1: ContactLevelSpec; l2: ContactLevelSpec; l3: ContactLevelSpec };
	/** Item states during which the clock does not run (e.g. `waiting_customer`, `on_hold`). */
	pauseWhenStates: string[];
}

/**
 * Aggregate metrics:
 * - `sl_deficit_pts`: targetPct − sl15Pct (points below the 15-minute service-level target).
 * - `backlog_count`: waitingCount.
 * - `predicted_wait_sec`: waitingCount × ahtSec ÷ (agentsStaffed × concurrency), the time
 *   until the last waiting contact is picked up if the staffed agents work the queue in order
 *   (defined when no agent is free: busy agents free up at the AHT rate); levels are
 *   compared against it (default thresholds = the channel's contact L1/L2/L3 times, so L2
 *   means "the next contacts are predicted to breach").
 */
export type AggregateMetric = 'sl_deficit_pts' | 'backlog_count' | 'predicted_wait_sec';
export const AGGREGATE_METRICS: readonly AggregateMetric[] = [
	'sl_deficit_pts',
	'backlog_count',
	'predicted_wait_sec'
];

export interface AggregateRule extends RuleBase {
	kind: 'aggregate';
	metric: AggregateMetric;
	/** `channel`: evaluates aggregates with queue = null; `queue`: per-queue aggregates. */
	scope: 'channel' | 'queue';
	match: { channel: string; queue: string };
	levels: { l1: AggregateLevelSpec; l2: AggregateLevelSpec; l3: AggregateLevelSpec };
	/**
	 * Rate metrics (`sl_deficit_pts`): below this many contacts offered in the window the rule
	 * does not evaluate (a percentage of 5 contacts is noise); the alert reads "low volume" and
	 * counts as clear. Absent or 0 = always evaluate. Ignored by count metrics.
	 */
	minOffered?: number;
	/**
	 * What an unknown value (null/NaN/∞: no data, nobody staffed) does. `hold` (default): nothing —
	 * no new alert, no escalation, no resolution; the alert shows "no data". `alert`: no data for
	 * `forMs` fires L1 (never higher), for rules that watch the feed itself.
	 */
	noData?: 'hold' | 'alert';
}

/** Metrics that are rates over the contacts of a window (minOffered applies to them). */
export const RATE_METRICS: readonly AggregateMetric[] = ['sl_deficit_pts'];

/**
 * Silent source (issue 17): an ingest source (one per key, e.g. the IM platform, the telephony
 * CTI) that has sent nothing for the level's number of business minutes of the rule's calendar.
 * A dead feed must not make the board look calm. Alerts are channel-less aggregate alerts with
 * `scope = source`, `metric = source_silent_min` and the `source` label.
 */
export interface SourceRule extends RuleBase {
	kind: 'source';
	/** glob on the source name */
	match: { source: string };
	/** minutes of silence within business hours at which each level is reached */
	levels: { l1: AggregateLevelSpec; l2: AggregateLevelSpec; l3: AggregateLevelSpec };
}

export type AlertRule = ContactRule | AggregateRule | SourceRule;

/** Label matcher used by inhibit rules and silences. */
export type Matcher =
	| { label: string; op: '=' | '!=' | 'glob'; value: string }
	| { label: string; op: 'in' | 'notIn'; values: string[] };

export const MATCHER_OPS = ['=', '!=', 'glob', 'in', 'notIn'] as const;

/**
 * Inhibit rule (data, after Alertmanager's inhibit rules): while an active alert matches
 * `source`, notifications of alerts matching `target` whose `equal` labels have the same values
 * are muted.
 */
export interface InhibitRule {
	id: string;
	source: Matcher[];
	target: Matcher[];
	equal: string[];
}

/** Planned silence window (e.g. a promotion night). Active for startsAtMs ≤ now < endsAtMs. */
export interface Silence {
	id: string;
	matchers: Matcher[];
	startsAtMs: number;
	endsAtMs: number;
	createdBy: string;
	comment: string;
}

/** How notifications are grouped into digests. */
export interface GroupingPolicy {
	/** Alert labels that split groups (recipient and level always do). */
	by: string[];
	/** Wait before the first message of a fresh group, so a burst lands in one digest. */
	groupWaitMs: number;
	/** Minimum time between two messages of one group. */
	groupIntervalMs: number;
}

export interface AlertConfig {
	rules: AlertRule[];
	calendars: Record<string, BusinessCalendar>;
	inhibitRules: InhibitRule[];
	grouping: GroupingPolicy;
	/** An alert at level N drops its own still-unsent notices of lower levels (they are stale). */
	supersedeLowerLevels: boolean;
	/** Resolved alerts (and their log entries) are kept this long in the engine state, ms. */
	resolvedRetentionMs: number;
}

export type LevelKey = 'l1' | 'l2' | 'l3';
export const LEVEL_KEYS: readonly LevelKey[] = ['l1', 'l2', 'l3'];
export function levelKey(level: Level): LevelKey {
	return `l${level}` as LevelKey;
}
