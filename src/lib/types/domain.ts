/**
 * Domain types shared by the server and the browser (type-only: no runtime code, no secrets).
 * Definitions follow docs/domain.md.
 */

/** How a channel's clock runs: realtime channels wait in seconds, deferred ones in hours. */
export type ChannelKind = 'realtime' | 'deferred';

/**
 * Service-level formula (docs/domain.md "service level"):
 * - `answered_over_answered_plus_late_abandons` (default): answered within T / (answered + abandoned after T),
 *   abandons before the grace excluded;
 * - `answered_over_offered`: answered within T / all arrivals that finished (answered + abandoned),
 *   i.e. abandons count against the target;
 * - `answered_over_answered`: answered within T / answered (abandons ignored).
 */
export type ServiceLevelFormula =
	| 'answered_over_answered_plus_late_abandons'
	| 'answered_over_offered'
	| 'answered_over_answered';

export interface AlertThresholdsSec {
	l1Sec: number;
	l2Sec: number;
	l3Sec: number;
}

export interface ChannelConfig {
	id: string;
	nameZh: string;
	nameEn: string;
	kind: ChannelKind;
	/** T in "answered within T" */
	slTargetSec: number;
	/** target share, e.g. 80 for 80/20 */
	slTargetPct: number;
	slFormula: ServiceLevelFormula;
	/** abandons earlier than this are excluded from SL (docs/domain.md: e.g. 5 s) */
	slAbandonGraceSec: number;
	/** 即时响应率 threshold: first response within this many seconds (60 s for chat/phone) */
	immediateResponseSec: number;
	/** three-level timeout thresholds (三级预警) for waiting contacts */
	alerts: AlertThresholdsSec;
	/** chat concurrency (chats per agent) used by staffing and occupancy; 1 for phone */
	concurrency: number;
}

export interface QueueConfig {
	id: string;
	nameZh: string;
	nameEn: string;
}
