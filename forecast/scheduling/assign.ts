/**
 * From shift counts to named agents (decision 0040, second stage).
 *
 * Per pool: the week's shifts W = Σ_d D_d go to n agents with near-equal day counts (each in
 * [minDays, maxDays]); days are filled in date order, each day taking the agents with the most
 * days still to work (Ryser's construction: it realises any feasible degree sequence, so every
 * agent ends with exactly its day count). Among agents with equal remaining days, those whose
 * previous shift ended earliest are preferred; the day's shifts, sorted by start, are paired with
 * the chosen agents sorted by previous end, which is the pairing that respects the minimum rest
 * whenever any pairing of the two sets does. A pair that still breaks the rest is swapped with an
 * unchosen agent of the same remaining days when one fits. Left-over rest conflicts are returned.
 */
import { breakOffsets, breakStepMin, overlapIntervals } from './shifts';
import type { AgentShift, PlacedBreak, Requirement, ScheduleRules } from './types';

export interface DayShift {
	pool: number;
	day: number;
	start: number;
	end: number;
}

export interface Assignment {
	shifts: AgentShift[];
	/** agents per pool that got shifts */
	agents: number[];
	/** problems the assignment could not avoid (e.g. a rest conflict), for the summary */
	problems: string[];
}

export function agentId(poolId: string, k: number): string {
	return `${poolId}-${String(k + 1).padStart(3, '0')}`;
}

/** Smallest agent count that can work `perDay` shifts within the pool's day rules, or null. */
export function agentsNeeded(perDay: number[], minDays: number, maxDays: number, headcount: number): number | null {
	const W = perDay.reduce((a, b) => a + b, 0);
	if (W === 0) return 0;
	for (let n = Math.max(...perDay, Math.ceil(W / maxDays)); n <= headcount; n++) if (n * minDays <= W && W <= n * maxDays) return n;
	return null;
}

export function assignAgents(rules: ScheduleRules, days: number, shifts: readonly DayShift[], agentsPerPool?: readonly number[]): Assignment {
	const out: AgentShift[] = [];
	const problems: string[] = [];
	const agents: number[] = [];
	const restMin = rules.minRestHours * 60;
	rules.pools.forEach((p, pool) => {
		const own = shifts.filter((s) => s.pool === pool);
		const perDay = Array.from({ length: days }, (_, d) => own.filter((s) => s.day === d).length);
		const W = own.length;
		let n = agentsPerPool?.[pool] ?? 0;
		if (!(n * p.minDaysPerWeek <= W && W <= n * p.maxDaysPerWeek && n >= Math.max(0, ...perDay) && n <= p.headcount)) {
			const m = agentsNeeded(perDay, p.minDaysPerWeek, p.maxDaysPerWeek, p.headcount);
			if (m === null) {
				problems.push(`pool ${p.id}: ${W} shifts cannot be split among at most ${p.headcount} agents working ${p.minDaysPerWeek}–${p.maxDaysPerWeek} days`);
				n = Math.min(p.headcount, Math.max(0, ...perDay, Math.ceil(W / Math.max(1, p.maxDaysPerWeek))));
			} else n = m;
		}
		agents.push(n);
		if (n === 0 || W === 0) return;
		const remaining = Array.from({ length: n }, (_, a) => Math.floor(W / n) + (a < W % n ? 1 : 0));
		const prevEnd = Array.from({ length: n }, () => -Infinity);
		for (let d = 0; d < days; d++) {
			const todays = own.filter((s) => s.day === d).sort((a, b) => a.start - b.start || a.end - b.end);
			if (todays.length === 0) continue;
			const order = [...remaining.keys()].filter((a) => remaining[a] > 0).sort((a, b) => remaining[b] - remaining[a] || prevEnd[a] - prevEnd[b] || a - b);
			if (order.length < todays.length) {
				problems.push(`pool ${p.id}: day ${d + 1} has ${todays.length} shifts but only ${order.length} agents with days left`);
			}
			const chosen = order.slice(0, todays.length);
			const spare = order.slice(todays.length);
			chosen.sort((a, b) => prevEnd[a] - prevEnd[b] || a - b);
			for (let j = 0; j < Math.min(chosen.length, todays.length); j++) {
				let a = chosen[j];
				const s = todays[j];
				if (s.start - prevEnd[a] < restMin) {
					const k = spare.findIndex((b) => remaining[b] === remaining[a] && s.start - prevEnd[b] >= restMin);
					if (k >= 0) {
						const b = spare[k];
						spare[k] = a;
						a = b;
					} else {
						problems.push(`pool ${p.id}: agent ${agentId(p.id, a)} has less than ${rules.minRestHours} h rest before day ${d + 1}`);
					}
				}
				remaining[a]--;
				prevEnd[a] = s.end;
				out.push({ agentId: agentId(p.id, a), pool, day: d, start: s.start, end: s.end, breaks: [] });
			}
		}
	});
	return { shifts: out, agents, problems };
}

/** Break quotas from the MIP: for a shift type key `pool/start/length`, per break rule, count per offset. */
export type BreakQuotas = Map<string, Map<number, Map<number, number>>>;
export const shiftKey = (pool: number, start: number, lengthMin: number) => `${pool}/${start}/${lengthMin}`;

/**
 * Places each agent's breaks. With `quotas` (the MIP's break counts per shift type) each agent
 * takes an offset that still has quota; otherwise, and for what the quotas leave open, the offset
 * that adds the least shortfall (then: where coverage most exceeds the requirement). Breaks of one
 * agent never overlap. Then `passes` rounds of local search re-place each break at its best offset
 * given all the others. Mutates `shifts[].breaks`.
 */
export function placeBreaks(shifts: AgentShift[], rules: ScheduleRules, req: Requirement, quotas?: BreakQuotas, passes = 3): void {
	const step = breakStepMin(rules);
	const cov = new Float64Array(req.required.length);
	for (const s of shifts) for (const [t, f] of overlapIntervals(req, s.start, s.end)) cov[t] += rules.pools[s.pool].productivity * f;
	const apply = (from: number, len: number, w: number) => {
		for (const [t, f] of overlapIntervals(req, from, from + len)) cov[t] += w * f;
	};
	const score = (from: number, len: number, prod: number) => {
		let added = 0;
		let surplus = 0;
		for (const [t, f] of overlapIntervals(req, from, from + len)) {
			const r = req.required[t];
			added += Math.max(0, r - (cov[t] - prod * f)) - Math.max(0, r - cov[t]);
			surplus += f * (cov[t] - r);
		}
		return { added, surplus };
	};
	const better = (a: { added: number; surplus: number }, b: { added: number; surplus: number } | null) =>
		b === null || a.added < b.added - 1e-9 || (Math.abs(a.added - b.added) <= 1e-9 && a.surplus > b.surplus + 1e-9);
	const pick = (s: AgentShift, k: number, others: PlacedBreak[], allowed: ((o: number) => boolean) | null): number | null => {
		const b = rules.breaks[k];
		const prod = rules.pools[s.pool].productivity;
		let best: { o: number; added: number; surplus: number } | null = null;
		for (const o of breakOffsets(b, step)) {
			const from = s.start + o;
			if (allowed && !allowed(o)) continue;
			if (others.some((q) => from < q.start + q.lengthMin && q.start < from + b.lengthMin)) continue;
			const sc = score(from, b.lengthMin, prod);
			if (better(sc, best)) best = { o, ...sc };
		}
		return best?.o ?? null;
	};
	const sorted = [...shifts].sort((a, b) => a.start - b.start || a.agentId.localeCompare(b.agentId));
	const ruleOf = new Map<PlacedBreak, number>();
	for (const s of sorted) {
		const prod = rules.pools[s.pool].productivity;
		const len = s.end - s.start;
		const placed: PlacedBreak[] = [];
		const q = quotas?.get(shiftKey(s.pool, s.start, len));
		rules.breaks.forEach((b, k) => {
			if (len < b.ifShiftHoursAtLeast * 60) return;
			const left = q?.get(k);
			let o = left ? pick(s, k, placed, (off) => (left.get(off) ?? 0) > 0) : null;
			if (o !== null && left) left.set(o, left.get(o)! - 1);
			if (o === null) o = pick(s, k, placed, null);
			if (o === null) o = breakOffsets(b, step)[0] ?? b.earliestAfterStartMin;
			apply(s.start + o, b.lengthMin, -prod);
			const pb = { start: s.start + o, lengthMin: b.lengthMin, paid: b.paid };
			ruleOf.set(pb, k);
			placed.push(pb);
		});
		s.breaks = placed;
	}
	for (let pass = 0; pass < passes; pass++) {
		let moved = 0;
		for (const s of sorted) {
			const prod = rules.pools[s.pool].productivity;
			for (const pb of s.breaks) {
				const k = ruleOf.get(pb)!;
				apply(pb.start, pb.lengthMin, prod);
				const o = pick(s, k, s.breaks.filter((x) => x !== pb), null);
				if (o !== null && s.start + o !== pb.start) {
					const cur = score(pb.start, pb.lengthMin, prod);
					const nxt = score(s.start + o, pb.lengthMin, prod);
					if (nxt.added < cur.added - 1e-9) {
						pb.start = s.start + o;
						moved++;
					}
				}
				apply(pb.start, pb.lengthMin, -prod);
			}
		}
		if (moved === 0) break;
	}
	for (const s of shifts) s.breaks.sort((a, b) => a.start - b.start);
}
