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

export interface ChannelSnapshot {
	channel: string;
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
