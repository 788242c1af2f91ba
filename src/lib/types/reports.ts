/** Rows of GET /api/v1/reports/kpis (definitions: docs/metrics.md "Reports"). Type-only. */
export interface KpiRow {
	/** hour 'YYYY-MM-DD HH:00', day 'YYYY-MM-DD', week = its Monday 'YYYY-MM-DD', month 'YYYY-MM', or 'total' (configured zone) */
	period: string;
	channel?: string;
	queue?: string;
	team?: string;
	agent?: string;
	/** display names of `team` / `agent` (agent events' `name`/`team_name`, schedule rosters); null when none is known (show the id, marked) */
	teamName?: string | null;
	agentName?: string | null;
	category?: string;
	tier?: string;
	offered: number;
	answered: number;
	abandoned: number;
	serviceLevelPct: number | null;
	immediateResponsePct: number | null;
	avgFirstResponseSec: number | null;
	p90FirstResponseSec: number | null;
	ahtSec: number | null;
	abandonRatePct: number | null;
	resolved: number;
	fcrPct: number | null;
	complaintRepeatPct: number | null;
	csatAvg: number | null;
	csatCount: number;
	npsScore: number | null;
	npsCount: number;
}
