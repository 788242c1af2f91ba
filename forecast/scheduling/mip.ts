/**
 * The shift design problem as a mixed-integer program (decision 0040), written in CPLEX LP format
 * for HiGHS.
 *
 * Variables
 * - x_i (integer): agents working shift type i (pool, day, start, length);
 * - y_i,k,o (≥ 0; integer in small models, continuous in large ones): of those, how many take
 *   break k at offset o (Σ_o y = x_i). Their rounded values are the quotas placeBreaks hands out
 *   to agents, which then improves the placement by local search;
 * - n_p (integer): agents of pool p used this week (≤ headcount);
 * - u_t (continuous ≥ 0): shortfall in interval t, penalised above the cost of any shift.
 * Constraints
 * - cover_t: Σ productivity × presence × x − Σ productivity × break share × y + u_t ≥ required_t;
 * - one shift a day per agent: Σ_{i on day d of pool p} x_i ≤ n_p;
 * - days per week: minDays × n_p ≤ Σ_{i of pool p} x_i ≤ maxDays × n_p;
 * - minimum rest: for consecutive days d, d+1 and a threshold τ, shifts of day d ending at or after
 *   τ and shifts of day d+1 starting before τ + rest pairwise conflict, so together they need
 *   distinct agents: |A(τ)| + |B(τ)| ≤ n_p (only thresholds where B grows are kept).
 * Objective: Σ cost_i x_i + penalty × Σ u_t.
 */
import { breakOffsets, breakStepMin, overlapIntervals } from './shifts';
import type { Requirement, ScheduleRules, ShiftType } from './types';

export interface MipModel {
	lp: string;
	/** LP text without integrality: its optimum is the LP lower bound */
	relaxation: string;
	shiftCount: number;
	penalty: number;
	/** names of the break variables y{shift}_{rule}_{offset} */
	breakVars: string[];
	integerBreaks: boolean;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/0+$/, ''));

/** Penalty per agent-interval of shortfall: dearer than covering it with the dearest shift. */
export function shortfallPenalty(rules: ScheduleRules): number {
	let m = 1;
	for (const p of rules.pools) {
		const maxH = Math.max(...p.shiftLengthsHours);
		m = Math.max(m, (p.costPerHour * maxH) / p.productivity);
	}
	return Math.ceil(10 * m);
}

class Lines {
	out: string[] = [];
	private cur = '';
	term(coef: number, name: string) {
		if (coef === 0) return;
		const t = `${coef < 0 ? '-' : '+'} ${fmt(Math.abs(coef))} ${name}`;
		if (this.cur.length + t.length > 200) {
			this.out.push(this.cur);
			this.cur = ' ';
		}
		this.cur += ` ${t}`;
	}
	raw(s: string) {
		this.cur += s;
	}
	end() {
		this.out.push(this.cur);
		this.cur = '';
	}
}

/** Break variables are integer when there are at most this many of them (small weeks: exact breaks). */
export const INTEGER_BREAKS_MAX = 4000;

export function buildMip(rules: ScheduleRules, req: Requirement, shifts: readonly ShiftType[], integerBreaks?: boolean): MipModel {
	const penalty = shortfallPenalty(rules);
	const step = breakStepMin(rules);
	const L = new Lines();
	// coverage contributions per interval
	const cover: Array<Array<[string, number]>> = req.required.map(() => []);
	const breakRows: string[][] = [];
	const yNames: string[] = [];
	shifts.forEach((s, i) => {
		const prod = rules.pools[s.pool].productivity;
		for (const [t, f] of overlapIntervals(req, s.start, s.start + s.lengthMin)) cover[t].push([`x${i}`, prod * f]);
		for (const k of s.breaks) {
			const b = rules.breaks[k];
			const names: string[] = [];
			for (const o of breakOffsets(b, step)) {
				const y = `y${i}_${k}_${o}`;
				names.push(y);
				yNames.push(y);
				for (const [t, f] of overlapIntervals(req, s.start + o, s.start + o + b.lengthMin)) cover[t].push([y, -prod * f]);
			}
			breakRows.push([`x${i}`, ...names]);
		}
	});
	const uIdx = req.required.flatMap((r, t) => (r > 0 ? [t] : []));

	L.raw('Minimize\n obj:');
	shifts.forEach((s, i) => L.term(s.cost, `x${i}`));
	for (const t of uIdx) L.term(penalty, `u${t}`);
	if (shifts.length === 0 && uIdx.length === 0) L.raw(' 0 n0');
	L.end();
	L.raw('Subject To');
	L.end();
	for (const t of uIdx) {
		L.raw(` cov${t}:`);
		for (const [n, c] of cover[t]) L.term(c, n);
		L.term(1, `u${t}`);
		L.raw(` >= ${fmt(req.required[t])}`);
		L.end();
	}
	breakRows.forEach(([x, ...ys], j) => {
		L.raw(` brk${j}:`);
		for (const y of ys) L.term(1, y);
		L.term(-1, x);
		L.raw(' = 0');
		L.end();
	});
	const days = Math.max(0, ...shifts.map((s) => s.day + 1));
	const restMin = rules.minRestHours * 60;
	rules.pools.forEach((p, pool) => {
		const own = shifts.map((s, i) => ({ s, i })).filter((e) => e.s.pool === pool);
		if (own.length === 0) return;
		for (let d = 0; d < days; d++) {
			const today = own.filter((e) => e.s.day === d);
			if (today.length === 0) continue;
			L.raw(` day${pool}_${d}:`);
			for (const e of today) L.term(1, `x${e.i}`);
			L.term(-1, `n${pool}`);
			L.raw(' <= 0');
			L.end();
			// minimum rest against the next day
			const tomorrow = own.filter((e) => e.s.day === d + 1);
			if (tomorrow.length === 0) continue;
			const taus = [...new Set(today.map((e) => e.s.start + e.s.lengthMin))].sort((a, b) => a - b);
			let prevB = 0;
			for (const tau of taus) {
				const B = tomorrow.filter((e) => e.s.start < tau + restMin);
				if (B.length === 0 || B.length === prevB) continue;
				prevB = B.length;
				const A = today.filter((e) => e.s.start + e.s.lengthMin >= tau);
				L.raw(` rest${pool}_${d}_${tau}:`);
				for (const e of A) L.term(1, `x${e.i}`);
				for (const e of B) L.term(1, `x${e.i}`);
				L.term(-1, `n${pool}`);
				L.raw(' <= 0');
				L.end();
			}
		}
		L.raw(` wmax${pool}:`);
		for (const e of own) L.term(1, `x${e.i}`);
		L.term(-p.maxDaysPerWeek, `n${pool}`);
		L.raw(' <= 0');
		L.end();
		if (p.minDaysPerWeek > 0) {
			L.raw(` wmin${pool}:`);
			for (const e of own) L.term(1, `x${e.i}`);
			L.term(-p.minDaysPerWeek, `n${pool}`);
			L.raw(' >= 0');
			L.end();
		}
	});
	const bounds = ['Bounds'];
	shifts.forEach((s, i) => bounds.push(` 0 <= x${i} <= ${rules.pools[s.pool].headcount}`));
	rules.pools.forEach((p, pool) => bounds.push(` 0 <= n${pool} <= ${p.headcount}`));
	const body = [...L.out, ...bounds].join('\n');
	const yInt = integerBreaks ?? yNames.length <= INTEGER_BREAKS_MAX;
	const ints = ['General', ...shifts.map((_, i) => ` x${i}`), ...rules.pools.map((_, p) => ` n${p}`), ...(yInt ? yNames.map((y) => ` ${y}`) : [])].join('\n');
	return { lp: `${body}\n${ints}\nEnd\n`, relaxation: `${body}\nEnd\n`, shiftCount: shifts.length, penalty, breakVars: yNames, integerBreaks: yInt };
}
