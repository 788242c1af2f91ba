/** The realtime snapshot served by GET /api/v1/realtime and pushed to the wall-board (type-only). */

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
