/**
 * Greedy baseline (for the benchmark): repeatedly add the shift with the most uncovered
 * agent-intervals per unit of cost, within each pool's daily headcount and weekly days, until no
 * shift reduces the shortfall. Agents and breaks are then placed exactly as for the MIP.
 */
import { finish, type ScheduleResult } from './solve';
import { shortfallPenalty } from './mip';
import { enumerateShiftTypes, overlapIntervals } from './shifts';
import type { Requirement, ScheduleRules } from './types';

export function greedySchedule(rules: ScheduleRules, req: Requirement, now: () => number): ScheduleResult {
	const t0 = now();
	const types = enumerateShiftTypes(rules, req);
	const cover = types.map((s) => overlapIntervals(req, s.start, s.start + s.lengthMin));
	const deficit = Float64Array.from(req.required);
	const counts = new Array<number>(types.length).fill(0);
	const perDay = new Map<string, number>();
	const perPool = rules.pools.map(() => 0);
	for (;;) {
		let best = -1;
		let bestScore = 0;
		for (let i = 0; i < types.length; i++) {
			const s = types[i];
			const p = rules.pools[s.pool];
			if ((perDay.get(`${s.pool}/${s.day}`) ?? 0) >= p.headcount || perPool[s.pool] >= p.headcount * p.maxDaysPerWeek) continue;
			let gain = 0;
			for (const [t, f] of cover[i]) gain += Math.min(Math.max(0, deficit[t]), p.productivity * f);
			const score = gain / Math.max(1e-9, s.cost);
			if (gain > 1e-9 && score > bestScore) {
				bestScore = score;
				best = i;
			}
		}
		if (best < 0) break;
		const s = types[best];
		counts[best]++;
		perDay.set(`${s.pool}/${s.day}`, (perDay.get(`${s.pool}/${s.day}`) ?? 0) + 1);
		perPool[s.pool]++;
		for (const [t, f] of cover[best]) deficit[t] -= rules.pools[s.pool].productivity * f;
	}
	return { ...finish(rules, req, types, counts, undefined, t0, now, null, shortfallPenalty(rules)), status: 'greedy' };
}
