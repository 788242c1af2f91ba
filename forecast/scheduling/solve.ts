/**
 * Builds a week's schedule: shift design MIP (HiGHS, injected) → agents → breaks → evaluation.
 * Pure apart from the injected solver and clock.
 */
import { assignAgents, placeBreaks, shiftKey, type BreakQuotas, type DayShift } from './assign';
import { evaluateSchedule, type Evaluation } from './evaluate';
import { buildMip } from './mip';
import { dayCount, enumerateShiftTypes, overlapIntervals } from './shifts';
import { dateOfDayNumber, dayNumber } from './validate';
import type { AgentShift, Requirement, ScheduleRules, ScheduleSummary, ShiftType } from './types';

/** The subset of the `highs` package's one-shot API the scheduler uses. */
export interface HighsSolver {
	solve(
		lp: string,
		options?: Record<string, string | number | boolean>
	): { Status: string; ObjectiveValue: number; Columns: Record<string, object> };
}

export interface BuildOptions {
	highs: HighsSolver;
	/** wall-clock limit of the whole build (LP bound + MIP), seconds (default 60) */
	timeLimitSec?: number;
	/** relative MIP gap at which HiGHS may stop (default 0.01) */
	mipRelGap?: number;
	/** milliseconds clock, for `seconds` */
	now: () => number;
}

export interface ScheduleResult {
	shifts: AgentShift[];
	summary: ScheduleSummary;
	evaluation: Evaluation;
	/** agents used per pool */
	agents: number[];
	/** MIP status as HiGHS reports it ("Optimal", "Time limit reached", …) */
	status: string;
	/** why the requirement is not fully covered, naming the rule that binds (empty when covered) */
	binding: string[];
	/** rules the agent assignment could not keep (empty in a valid schedule) */
	problems: string[];
	/** shortfall (agent-intervals) in the LP relaxation: 0 means the lower bound is a pure cost bound */
	lpShortfall?: number | null;
	/** wall time of the LP relaxation solve */
	lpSeconds?: number;
	/** wall time of the MIP solve */
	mipSeconds?: number;
}

export class SchedulerError extends Error {}

/** A column's primal value (absent for an infeasible model's columns). */
const primal = (c: object | undefined): number => (c as { Primal?: number } | undefined)?.Primal ?? 0;

export function buildSchedule(rules: ScheduleRules, req: Requirement, o: BuildOptions): ScheduleResult {
	const t0 = o.now();
	const types = enumerateShiftTypes(rules, req);
	const model = buildMip(rules, req, types);
	const common = { presolve: 'on', parallel: 'off', threads: 1, output_flag: false };
	const tLp = o.now();
	const lpSol = o.highs.solve(model.relaxation, { ...common, time_limit: o.timeLimitSec ?? 60 });
	const lpSeconds = (o.now() - tLp) / 1000;
	const lowerBound = lpSol.Status === 'Optimal' ? lpSol.ObjectiveValue : null;
	const lpShortfall = lpSol.Status === 'Optimal' ? Object.entries(lpSol.Columns).reduce((a, [k, c]) => a + (k.startsWith('u') ? primal(c) : 0), 0) : null;
	// the limit covers the whole build: LP bound, MIP, and a reserve for agents and breaks
	const limit = o.timeLimitSec ?? 60;
	const remaining = Math.max(1, limit - (o.now() - t0) / 1000 - Math.min(5, 0.08 * limit));
	const tMip = o.now();
	const sol = o.highs.solve(model.lp, { ...common, time_limit: remaining, mip_rel_gap: o.mipRelGap ?? 0.01 });
	const mipSeconds = (o.now() - tMip) / 1000;
	if (!sol.Columns || !Object.values(sol.Columns).some((c) => (c as { Primal?: number }).Primal !== undefined)) {
		throw new SchedulerError(`the solver found no schedule (HiGHS status "${sol.Status}")${sol.Status === 'Time limit reached' ? '; raise --time-limit-sec' : ''}`);
	}
	const val = (name: string) => Math.round(primal(sol.Columns[name]));
	const counts = types.map((_, i) => val(`x${i}`));
	const agentsUsed = rules.pools.map((_, p) => val(`n${p}`));
	// break quotas: per shift type and rule, the y values rounded by largest remainder to sum to x
	const quotas: BreakQuotas = new Map();
	const groups = new Map<string, Array<{ o: number; v: number }>>();
	for (const y of model.breakVars) {
		const [i, k, off] = y.slice(1).split('_').map(Number);
		const g = groups.get(`${i}_${k}`) ?? [];
		g.push({ o: off, v: primal(sol.Columns[y]) });
		groups.set(`${i}_${k}`, g);
	}
	for (const [key, g] of groups) {
		const [i, k] = key.split('_').map(Number);
		const target = counts[i];
		if (target === 0) continue;
		const base = g.map((e) => ({ o: e.o, n: Math.floor(e.v + 1e-6), r: e.v - Math.floor(e.v + 1e-6) }));
		let left = target - base.reduce((a, e) => a + e.n, 0);
		for (const e of [...base].sort((a, b) => b.r - a.r)) if (left-- > 0) e.n++;
		const s = types[i];
		const sk = shiftKey(s.pool, s.start, s.lengthMin);
		const byRule = quotas.get(sk) ?? new Map<number, Map<number, number>>();
		byRule.set(k, new Map(base.filter((e) => e.n > 0).map((e) => [e.o, e.n])));
		quotas.set(sk, byRule);
	}
	const res = finish(rules, req, types, counts, agentsUsed, t0, o.now, lowerBound, model.penalty, quotas);
	return { ...res, status: sol.Status, lpShortfall, lpSeconds, mipSeconds };
}

/** Shared by the MIP and the greedy baseline: shift counts → agents, breaks, evaluation. */
export function finish(
	rules: ScheduleRules,
	req: Requirement,
	types: readonly ShiftType[],
	counts: readonly number[],
	agentsUsed: readonly number[] | undefined,
	t0: number,
	now: () => number,
	lowerBound: number | null,
	penalty: number,
	quotas?: BreakQuotas
): Omit<ScheduleResult, 'status'> {
	const dayShifts: DayShift[] = [];
	types.forEach((s, i) => {
		for (let k = 0; k < counts[i]; k++) dayShifts.push({ pool: s.pool, day: s.day, start: s.start, end: s.start + s.lengthMin });
	});
	const days = dayCount(req);
	const a = assignAgents(rules, days, dayShifts, agentsUsed);
	placeBreaks(a.shifts, rules, req, quotas);
	const ev = evaluateSchedule(a.shifts, rules, req);
	const objective = ev.cost + penalty * ev.shortfallAgentIntervals;
	const gapPct = lowerBound === null || objective <= 0 ? null : Math.max(0, (100 * (objective - lowerBound)) / objective);
	return {
		shifts: a.shifts,
		evaluation: ev,
		agents: a.agents,
		binding: ev.shortfallAgentIntervals > 1e-6 ? explainShortfall(rules, req, types, a.agents, dayShifts, ev.coverage) : [],
		problems: a.problems,
		summary: {
			coveragePct: round(ev.coveragePct, 3),
			shortfallAgentIntervals: round(ev.shortfallAgentIntervals, 2),
			cost: round(ev.cost, 2),
			paidHours: round(ev.paidHours, 2),
			lowerBound: lowerBound === null ? null : round(lowerBound, 2),
			gapPct: gapPct === null ? null : round(gapPct, 3),
			seconds: round((now() - t0) / 1000, 2)
		}
	};
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** Names the rules that stop the requirement from being covered. */
export function explainShortfall(
	rules: ScheduleRules,
	req: Requirement,
	types: readonly ShiftType[],
	agents: readonly number[],
	shifts: readonly DayShift[],
	coverage: Float64Array
): string[] {
	const out: string[] = [];
	const short = req.required.map((r, t) => r - coverage[t] > 1e-6);
	const reachable = new Uint8Array(req.required.length);
	for (const s of types) for (const [t] of overlapIntervals(req, s.start, s.start + s.lengthMin)) reachable[t] = 1;
	const unreachable = short.flatMap((sh, t) => (sh && !reachable[t] ? [t] : []));
	const label = (t: number) => {
		const m = req.offsetMin + t * req.intervalMin;
		const d = Math.floor(m / 1440);
		return `${dateOfDayNumber(dayNumber(req.firstDate) + d)} ${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
	};
	if (unreachable.length > 0) {
		out.push(`startTimes / shiftLengthsHours: ${unreachable.length} interval(s) with a requirement no allowed shift reaches (first ${label(unreachable[0])})`);
	}
	const days = dayCount(req);
	rules.pools.forEach((p, i) => {
		const own = shifts.filter((s) => s.pool === i);
		if (p.headcount === 0) return;
		const full = [];
		for (let d = 0; d < days; d++) if (own.filter((s) => s.day === d).length >= p.headcount) full.push(dateOfDayNumber(dayNumber(req.firstDate) + d));
		if (full.length > 0) out.push(`pools[${i}].headcount: all ${p.headcount} agents of pool "${p.id}" work on ${full.join(', ')}`);
		else if (agents[i] >= p.headcount && own.length >= p.headcount * p.maxDaysPerWeek) {
			out.push(`pools[${i}].maxDaysPerWeek: the ${p.headcount} agents of pool "${p.id}" already work ${p.maxDaysPerWeek} days each`);
		}
	});
	if (out.length === (unreachable.length > 0 ? 1 : 0) && rules.minRestHours > 0) {
		out.push(`minRestHours: with ${rules.minRestHours} h rest between shifts the pools cannot staff the late and the next early intervals together (first short interval ${label(short.indexOf(true))})`);
	}
	return out;
}
