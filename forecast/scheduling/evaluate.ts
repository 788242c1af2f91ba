/** Coverage, cost and paid hours of a list of agent shifts (what the summary and the page show). */
import { overlapIntervals } from './shifts';
import type { AgentShift, Requirement, ScheduleRules } from './types';

/** Effective agents per interval: productivity × share of the interval worked (breaks excluded). */
export function coverageOf(shifts: readonly AgentShift[], rules: ScheduleRules, req: Requirement): Float64Array {
	const cov = new Float64Array(req.required.length);
	for (const s of shifts) {
		const prod = rules.pools[s.pool].productivity;
		for (const [t, f] of overlapIntervals(req, s.start, s.end)) cov[t] += prod * f;
		for (const b of s.breaks) for (const [t, f] of overlapIntervals(req, b.start, b.start + b.lengthMin)) cov[t] -= prod * f;
	}
	return cov;
}

export function paidHoursOfShift(s: AgentShift): number {
	return (s.end - s.start - s.breaks.reduce((a, b) => a + (b.paid ? 0 : b.lengthMin), 0)) / 60;
}

export interface Evaluation {
	coverage: Float64Array;
	coveragePct: number;
	shortfallAgentIntervals: number;
	cost: number;
	paidHours: number;
	byPool: Array<{ pool: string; agents: number; shifts: number; paidHours: number; cost: number }>;
}

export function evaluateSchedule(shifts: readonly AgentShift[], rules: ScheduleRules, req: Requirement): Evaluation {
	const coverage = coverageOf(shifts, rules, req);
	let need = 0;
	let met = 0;
	let short = 0;
	req.required.forEach((r, t) => {
		need += r;
		met += Math.min(r, coverage[t]);
		short += Math.max(0, r - coverage[t]);
	});
	const byPool = rules.pools.map((p) => ({ pool: p.id, agents: 0, shifts: 0, paidHours: 0, cost: 0 }));
	const seen = new Set<string>();
	for (const s of shifts) {
		const bp = byPool[s.pool];
		const h = paidHoursOfShift(s);
		bp.shifts++;
		bp.paidHours += h;
		bp.cost += h * rules.pools[s.pool].costPerHour;
		if (!seen.has(s.agentId)) {
			seen.add(s.agentId);
			bp.agents++;
		}
	}
	return {
		coverage,
		coveragePct: need === 0 ? 100 : (100 * met) / need,
		shortfallAgentIntervals: short,
		cost: byPool.reduce((a, b) => a + b.cost, 0),
		paidHours: byPool.reduce((a, b) => a + b.paidHours, 0),
		byPool
	};
}
