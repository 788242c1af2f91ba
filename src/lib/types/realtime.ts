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
}

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
	/** (on contact + ACW) / (available + on contact + ACW), now; chat agents count as on contact while holding a chat */
	occupancyPct: number | null;
	slTargetPct: number;
	slTargetSec: number;
}

export interface RealtimeSnapshot {
	asOfMs: number;
	timezone: string;
	/** local midnight that "today" starts at, epoch ms */
	todayStartMs: number;
	channels: ChannelSnapshot[];
}
