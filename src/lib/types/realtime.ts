/**
 * The realtime snapshot served by GET /api/v1/realtime and pushed to the wall-board, and the realtime
 * stream's protocol (path, query parameters, topics, messages) shared by the server and the pages.
 */
import type { AlertRecord } from '$alerts/index';

export interface WindowMetrics {
	offered: number;
	answered: number;
	abandoned: number;
	resolved: number;
	/** null when nothing was answered or abandoned in the window */
	serviceLevelPct: number | null;
	/** 即时响应率 */
	immediateResponsePct: number | null;
	avgFirstResponseMs: number | null;
	p90FirstResponseMs: number | null;
	ahtMs: number | null;
	abandonRatePct: number | null;
	csatAvg: number | null;
	/** 首次解决率 today: resolutions not reopened the same day ÷ resolutions (null without resolutions) */
	fcrPct: number | null;
}

/**
 * Agents by state. Per channel these are the agents *serving* the channel (a multi-skill agent counts on
 * every channel it serves, so the channels' sums are not headcount); the centre figure counts each
 * agent once. An agent holding a contact counts as on contact whatever its last agent.state said.
 */
export interface AgentCounts {
	loggedIn: number;
	available: number;
	onContact: number;
	acw: number;
	break: number;
}

export interface WaitingContact {
	contactId: string;
	queue: string;
	priority: number;
	waitingSinceMs: number;
}

/** 0 = none; 1 = L1 warning (黄), 2 = L2 breach (橙), 3 = L3 intervention (红) — docs/domain.md 三级预警 */
export type AlertLevel = 0 | 1 | 2 | 3;

/** Today per 15-minute interval (local time), for the board's intraday chart. */
export interface IntradaySeries {
	intervalMin: number;
	/** interval start times, epoch ms, from local midnight up to the current interval */
	startsMs: number[];
	offered: number[];
	/** null where nothing was answered or abandoned */
	serviceLevelPct: (number | null)[];
}

export interface ChannelSnapshot {
	channel: string;
	/** the highest timeout level reached by a contact still waiting */
	alertLevel: AlertLevel;
	/** waiting contacts by the level their wait has reached: [below L1, L1, L2, L3] */
	waitingByLevel: [number, number, number, number];
	intraday: IntradaySeries;
	waiting: number;
	/** age of the oldest contact still waiting, at asOfMs */
	longestWaitMs: number;
	/** arrival (or re-queue) time of the oldest waiting contact; the board ticks the clock from it */
	oldestWaitingSinceMs: number | null;
	oldestWaiting: WaitingContact[];
	last15m: WindowMetrics;
	today: WindowMetrics;
	agents: AgentCounts;
	/**
	 * Now: Σ busy share ÷ staffed agents serving the channel (available + on contact + ACW); busy share
	 * = 1 on a call or in ACW, otherwise contacts held ÷ max_concurrency (capped at 1). docs/metrics.md
	 */
	occupancyPct: number | null;
	slTargetPct: number;
	slTargetSec: number;
}

/** The centre as a whole: every logged-in agent once, with or without channels. */
export interface CentreSnapshot {
	agents: AgentCounts;
	occupancyPct: number | null;
}

/** A queue's or a team's figures within one channel (the board's drill-down, /wallboard?channel=…). */
export interface GroupSnapshot {
	/** queue id or team id; the board shows the configured name for queues */
	id: string;
	/** teams: the name agent.state events gave (`team_name`), '' when none was sent; queues: '' */
	name: string;
	waiting: number;
	oldestWaitingSinceMs: number | null;
	last15m: WindowMetrics;
	today: WindowMetrics;
	/** teams only: the team's agents serving the channel */
	agents: AgentCounts | null;
	occupancyPct: number | null;
}

export interface DrillDown {
	channel: string;
	asOfMs: number;
	queues: GroupSnapshot[];
	teams: GroupSnapshot[];
}

/** One row of the live agent list (/wallboard/agents). */
export interface AgentRow {
	agentId: string;
	/** the name agent.state events gave (`name`), '' when none was sent (the board then shows the id, marked) */
	name: string;
	teamId: string;
	teamName: string;
	/** as shown: 'on_contact' while holding a contact, whatever the last agent.state said */
	state: 'available' | 'on_contact' | 'acw' | 'break';
	/** the state the agent last reported */
	reportedState: string;
	/** start of the reported state (time in state ticks from it) */
	sinceMs: number;
	channels: string[];
	held: number;
	maxConcurrency: number;
	handledToday: number;
	ahtTodayMs: number | null;
}

export interface RealtimeSnapshot {
	asOfMs: number;
	timezone: string;
	/** local midnight that "today" starts at, epoch ms */
	todayStartMs: number;
	channels: ChannelSnapshot[];
	centre: CentreSnapshot;
}

// ---------------------------------------------------------------------------------------------------
// The realtime stream: its path, query parameters and topics, and every message on it (issue 23).
// The server (live/publisher.ts, ws/hub.ts, auth/service.ts) and the browser client
// (src/lib/realtime/connect.ts) both use these, so a message's shape changes in this one place.
// ---------------------------------------------------------------------------------------------------

/** The one WebSocket path every page listens on (decision 0030: one path, topics filtered by the server). */
export const REALTIME_STREAM_PATH = '/api/v1/realtime/stream';

/**
 * Query parameters of the stream (decision 0070): `?drill=<channel id>` asks for that channel's
 * queues and teams (`drill` messages), `?agents=1` for the live agent list (`agents` messages).
 */
export const REALTIME_PARAMS = { drill: 'drill', agents: 'agents' } as const;

/** The publisher pushes a snapshot to every socket at least this often, events or not (live/publisher.ts). */
export const REALTIME_KEEPALIVE_MS = 5_000;
/** The hub pings every socket this often and drops one that left the previous ping unanswered (ws/hub.ts). */
export const SOCKET_HEARTBEAT_MS = 15_000;

/** Topics a socket may be granted at upgrade beyond the public snapshot (decision 0030). */
export const REALTIME_TOPICS = {
	/** the alert list and the full in-app notices: principals that may GET /api/v1/alerts */
	alerts: 'alerts'
} as const;

/** What a socket views beyond the snapshot. */
export interface RealtimeView {
	/** a configured channel id, or null for none */
	drill?: string | null;
	agents?: boolean;
}

/** The stream's path and query for a view, e.g. `/api/v1/realtime/stream?drill=chat`. */
export function realtimeStreamPath(view: RealtimeView = {}): string {
	const q = new URLSearchParams();
	if (view.drill) q.set(REALTIME_PARAMS.drill, view.drill);
	if (view.agents) q.set(REALTIME_PARAMS.agents, '1');
	const s = q.toString();
	return s ? `${REALTIME_STREAM_PATH}?${s}` : REALTIME_STREAM_PATH;
}

/** A view from the stream URL's query, as the server reads it (unknown channels are the server's to refuse). */
export function realtimeViewOf(params: URLSearchParams): { drill: string | null; agents: boolean } {
	return { drill: params.get(REALTIME_PARAMS.drill), agents: params.get(REALTIME_PARAMS.agents) === '1' };
}

/** One line of the board's banner (a board-safe summary of an open, unacknowledged L2/L3). */
export interface BoardAlert {
	/** opaque (a hash of the alert id): the alert id names its contact, and every board receives the banner */
	id: string;
	channel: string;
	/** `*` for a whole-channel alert */
	queue: string;
	/** silent-source alerts: the ingest source (channel is then '') */
	source: string | null;
	level: number;
	ruleName: string;
	ruleNameEn: string;
	kind: 'contact' | 'aggregate';
	/** aggregate rules: the metric (`sl_deficit_pts`, `backlog_count`, `predicted_wait_sec`); contact rules: null */
	metric: string | null;
	/** current value: contact rules the wait in ms, aggregate rules the metric; null = no data */
	value: number | null;
	/** threshold of the level shown (same unit as value) */
	threshold: number | null;
	/** when the alert reached its current level */
	openedAtMs: number;
}

/** The board-safe alert figures every socket receives with each snapshot and on every alert change. */
export interface BoardAlertFields {
	/** the alert engine's level per channel (unacknowledged, unmuted alerts) */
	alertLevels: Record<string, number>;
	/** the most severe, oldest open L2/L3, at most a few (the server's BOARD_ALERTS_MAX) */
	boardAlerts: BoardAlert[];
	/** how many open L2/L3 there are in all */
	boardAlertTotal: number;
}

/** One open alert of the `alerts` topic (the inbox reloads its page when the list changes). */
export interface AlertSummary {
	id: string;
	key: string;
	ruleName: string;
	kind: 'contact' | 'aggregate';
	status: AlertRecord['status'];
	level: number;
	channel: string;
	queue: string;
	item: string | null;
	team: string | null;
	startedAtMs: number;
	levelReachedAtMs: AlertRecord['levelReachedAtMs'];
	value: AlertRecord['value'];
	ack: AlertRecord['ack'];
	mutedBy: string[];
}

/** An in-app notice as sockets granted the `alerts` topic receive it (notify/inApp.ts builds it). */
export interface InAppMessage {
	type: 'alert-notification';
	targetId: string;
	/** e.g. the recipient key `team:T1`, `manager`. */
	audience: string;
	id: string;
	title: string;
	text: string;
	/** 0 = informational, 1–3 = alert level */
	level: 0 | 1 | 2 | 3;
	kind: 'firing' | 'resolved' | 'digest' | 'test';
	/** L3: the board plays its chime */
	sound: boolean;
	createdAtMs: number;
	sourceIds: string[];
	data: unknown;
}

/** What every other socket learns of an L2/L3 notice: what the wall-board renders (decision 0030). */
export type BoardNotice = Pick<InAppMessage, 'type' | 'id' | 'title' | 'text' | 'level' | 'kind' | 'sound' | 'createdAtMs'>;

/** Every socket: the board snapshot (intraday bounded: see `$lib/wallboard/intradayPatch`) and the banner. */
export interface SnapshotMessage extends BoardAlertFields {
	type: 'snapshot';
	snapshot: RealtimeSnapshot;
}
/** Every socket, when the alert list changed: the banner's figures. */
export interface BoardAlertsMessage extends BoardAlertFields {
	type: 'board-alerts';
}
/** Topic `alerts` only, when the open alerts changed: the most severe, oldest ones (at most the server's ALERTS_TOPIC_MAX, 100) and how many are open. */
export interface AlertsMessage {
	type: 'alerts';
	total: number;
	active: AlertSummary[];
}
/** The full notice on topic `alerts`; its L2/L3 headline (`BoardNotice`) to every other socket. */
export interface InAppNoticeMessage {
	type: 'inapp';
	message: InAppMessage | BoardNotice;
}
/** Sockets viewing a drill-down: the channel's queues and at most MAX_DRILL_TEAMS teams of `teamsTotal`. */
export interface DrillMessage {
	type: 'drill';
	drill: DrillDown & { teamsTotal: number };
}
/** Sockets viewing the agent list: all rows once (`full`), then changed rows and removed agent ids. */
export interface AgentsMessage {
	type: 'agents';
	asOfMs: number;
	full: boolean;
	upsert: AgentRow[];
	remove: string[];
}

/** Every message the server sends on the realtime stream. */
export type RealtimeServerMessage = SnapshotMessage | BoardAlertsMessage | AlertsMessage | InAppNoticeMessage | DrillMessage | AgentsMessage;
export type RealtimeMessageType = RealtimeServerMessage['type'];
export type RealtimeMessageOf<K extends RealtimeMessageType> = Extract<RealtimeServerMessage, { type: K }>;

/** The one message a page sends: change what this socket views (the board's drill-down rotation). */
export interface ViewMessage {
	type: 'view';
	drill?: string | null;
	/** true keeps/turns on the agent list; false or absent leaves it as it is */
	agents?: boolean;
}
export type RealtimeClientMessage = ViewMessage;

/** The only way the server writes a stream message: the type checks the shape. */
export function encodeRealtime(message: RealtimeServerMessage): string {
	return JSON.stringify(message);
}
