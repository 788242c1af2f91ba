/**
 * Shared types of the three-level timeout alert engine (三级预警).
 *
 * Everything here is plain, JSON-serialisable data: the server builds the input snapshot from
 * live state, persists the engine state (alerts + notification log) and restores it on restart.
 * Times are epoch milliseconds (`...AtMs`), durations milliseconds (`...Ms`) unless named otherwise.
 */

/** Alert level: 1 = L1 warning (黄), 2 = L2 breach (橙), 3 = L3 intervention (红). */
export type Level = 1 | 2 | 3;
/** A level or 0 (= condition not met). */
export type LevelOrNone = 0 | Level;

export const LEVELS: readonly Level[] = [1, 2, 3];

/**
 * One open contact or ticket as the ingester sees it now.
 *
 * Known `state` values: `waiting` (in queue), `on_hold`, `with_agent`, `waiting_customer`
 * (agent asked the customer something), `closed`. Rules name the states that pause their clock.
 */
export interface OpenItem {
	id: string;
	/** `contact` (chat/phone/email conversations) or `ticket` (工单). Informational. */
	kind?: 'contact' | 'ticket';
	channel: string;
	queue: string;
	priority: string;
	teamId?: string | null;
	agentId?: string | null;
	arrivedAtMs: number;
	firstResponseAtMs?: number | null;
	lastCustomerMsgAtMs?: number | null;
	lastAgentReplyAtMs?: number | null;
	/**
	 * Start of the current unanswered customer stretch (the first customer message after the
	 * last agent reply). If absent, `lastCustomerMsgAtMs` is used, which restarts the clock on
	 * every new customer message — provide it when the ingester knows it.
	 */
	customerWaitingSinceMs?: number | null;
	state: string;
	/** When the item entered `state`; needed for a pause state to pause the clock. */
	stateSinceMs?: number | null;
	/** Past pauses (e.g. earlier holds); the current one comes from `state`/`stateSinceMs`. */
	pausedIntervals?: Array<{ fromMs: number; toMs: number | null }>;
	/**
	 * Ticket milestones, epoch ms (null/absent = not reached yet), e.g.
	 * `{ created, firstResponse, plan, followUp }`. Built-in aliases: `arrived` → arrivedAtMs,
	 * `firstResponse` → firstResponseAtMs (when not given here), `created` → arrivedAtMs.
	 */
	milestonesMs?: Record<string, number | null | undefined>;
	closedAtMs?: number | null;
}

/** Per-channel (queue = null) or per-queue aggregate figures. */
export interface ChannelAggregate {
	channel: string;
	/** null = the whole channel. */
	queue: string | null;
	/** 15-minute service level, percent 0–100; null when no contact was due in the window. */
	sl15Pct?: number | null;
	/** Service level target, percent 0–100. */
	targetPct?: number | null;
	/** Contacts waiting in queue now. */
	waitingCount: number;
	/** Average handle time, seconds. */
	ahtSec?: number | null;
	/** Agents available to take the next contact. */
	agentsAvailable?: number | null;
	/**
	 * Agents staffed on the channel now (available + on contact + after-contact work; not on
	 * break or offline). predicted_wait_sec divides by it; falls back to agentsAvailable.
	 */
	agentsStaffed?: number | null;
	/** Contacts offered in the service-level window (for `minOffered` of rate rules). */
	offeredCount?: number | null;
	/** Contacts one agent handles at once (chat 2–4); default 1. */
	concurrency?: number | null;
}

/** When an ingest source last sent an accepted event. */
export interface SourceActivity {
	source: string;
	/** last accepted event (receive time), epoch ms; null = nothing since `knownSinceMs` */
	lastEventAtMs: number | null;
	/** since when the server has known the source (start, or key creation) */
	knownSinceMs: number;
}

/** What the engine is given at each step. The snapshot must hold all open items. */
export interface Snapshot {
	items: OpenItem[];
	aggregates: ChannelAggregate[];
	/** ingest sources for silent-source rules (absent = none watched) */
	sources?: SourceActivity[];
}

/**
 * A recipient as rules name it; the engine turns it into a {@link ResolvedRecipient} with the
 * alert's context, and the server maps that to notifier targets.
 */
export type RecipientRef =
	| { type: 'team' }
	| { type: 'supervisor' }
	| { type: 'manager' }
	| { type: 'user'; id: string }
	| { type: 'target'; id: string };

export type RecipientType = RecipientRef['type'];
export const RECIPIENT_TYPES: readonly RecipientType[] = ['team', 'supervisor', 'manager', 'user', 'target'];

/**
 * A recipient in the context of one alert. `key` identifies who was told in the notification
 * log: `team:<teamId>`, `team:channel=<channel>` (aggregate alerts: the teams on the channel),
 * `supervisor:<teamId>`, `supervisor:channel=<channel>`, `manager`, `user:<id>`, `target:<id>`.
 * A contact without team resolves to teamId `unassigned`.
 */
export interface ResolvedRecipient {
	key: string;
	type: RecipientType;
	/** Team of the contact; null for aggregate alerts and for manager/user/target. */
	teamId: string | null;
	channel: string;
	/** user or target id. */
	id: string | null;
}

/** Labels describe an alert for matchers (inhibit rules, silences) and grouping. All strings. */
export type Labels = Record<string, string>;

/** Time source; the engine itself takes `nowMs` per call, the server's loop reads it here. */
export interface Clock {
	now(): number;
}
