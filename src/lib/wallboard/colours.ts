/**
 * Tile colours of the wall-board (browser-safe, pure). Thresholds are configuration
 * (`wallboard` in the config file); the defaults follow docs/domain.md: service level counts as
 * at risk below target and bad 10 points below it (the SLA-health alert's L2 step); a wait is amber
 * from the channel's L1 time and red from its L2 time (三级预警).
 */
export interface WallboardThresholds {
	/** SL amber when below target by more than this many points (0 = any shortfall) */
	slAmberBelowTargetPts: number;
	/** SL red when below target by more than this many points */
	slRedBelowTargetPts: number;
	abandonAmberPct: number;
	abandonRedPct: number;
	/** rotate the detail chart between channels every N seconds (0 = off) */
	rotateSec: number;
	/** the agent list highlights a break longer than this (seconds; optional, default 900) */
	breakLimitSec?: number;
	/** … and after-call work longer than this (seconds; optional, default 120) */
	acwLimitSec?: number;
}

/** Whether an agent's time in state is over the configured limit (break or ACW); other states never are. */
export function overLimit(state: string, inStateMs: number, t: Pick<WallboardThresholds, 'breakLimitSec' | 'acwLimitSec'>): boolean {
	if (state === 'break') return inStateMs > (t.breakLimitSec ?? 900) * 1000;
	if (state === 'acw') return inStateMs > (t.acwLimitSec ?? 120) * 1000;
	return false;
}

export type Colour = 'green' | 'amber' | 'red' | 'none';

export function slColour(slPct: number | null, targetPct: number, t: WallboardThresholds): Colour {
	if (slPct === null) return 'none';
	if (slPct < targetPct - t.slRedBelowTargetPts) return 'red';
	if (slPct < targetPct - t.slAmberBelowTargetPts) return 'amber';
	return 'green';
}

export function waitColour(waitMs: number, alerts: { l1Sec: number; l2Sec: number }): Colour {
	if (waitMs >= alerts.l2Sec * 1000) return 'red';
	if (waitMs >= alerts.l1Sec * 1000) return 'amber';
	return 'green';
}

export function abandonColour(pct: number | null, t: WallboardThresholds): Colour {
	if (pct === null) return 'none';
	if (pct > t.abandonRedPct) return 'red';
	if (pct > t.abandonAmberPct) return 'amber';
	return 'green';
}

/** A tile shows its worst metric. */
export function worst(...cs: Colour[]): Colour {
	if (cs.includes('red')) return 'red';
	if (cs.includes('amber')) return 'amber';
	if (cs.includes('green')) return 'green';
	return 'none';
}
