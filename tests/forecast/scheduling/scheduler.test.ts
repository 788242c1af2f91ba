/**
 * Shift scheduler on small instances with a known optimum (brute force or solved by hand), every
 * output checked by the independent rule checker (checker.ts shares no code with the solver).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSchedule, greedySchedule, parseRequirementCsv, parseRules, writeScheduleCsv, type HighsSolver } from '$forecast/scheduling/index';
import { checkScheduleCsv } from './checker';

let highs: HighsSolver;
beforeAll(async () => {
	highs = (await (await import('highs')).default()) as unknown as HighsSolver;
});

type RulesJson = Parameters<typeof checkScheduleCsv>[1];
const pad = (n: number) => String(n).padStart(2, '0');
/** Requirement rows from `date` 00:00 for whole days; `at(minuteOfWeek)` gives the agents. */
function rows(date: string, days: number, intervalMin: number, at: (m: number) => number) {
	const out: Array<{ start: string; required: number }> = [];
	const d0 = new Date(`${date}T00:00:00Z`).getTime();
	for (let m = 0; m < days * 1440; m += intervalMin) {
		const d = new Date(d0 + m * 60_000);
		out.push({ start: `${d.toISOString().slice(0, 10)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`, required: at(m) });
	}
	return out;
}
const toCsv = (r: Array<{ start: string; required: number }>) => ['interval_start,required', ...r.map((x) => `${x.start},${x.required}`)].join('\n');

function solve(rulesJson: RulesJson, reqRows: Array<{ start: string; required: number }>, mipRelGap = 0) {
	const rules = parseRules(rulesJson);
	const req = parseRequirementCsv(toCsv(reqRows), rules.intervalMin);
	const r = buildSchedule(rules, req, { highs, timeLimitSec: 20, mipRelGap, now: () => performance.now() });
	const csv = writeScheduleCsv(r.shifts, rules, req);
	const check = checkScheduleCsv(csv, rulesJson, reqRows);
	return { r, csv, check };
}

// HiGHS on a shared 2-core machine: generous timeouts (no speed is asserted here)
describe('scheduler: known optima', { timeout: 60_000 }, () => {
	it('two pools, one day, no breaks: the cost equals a brute-force optimum over all shift counts', () => {
		// fixed: 4 h at 08/10/12, ¥10/h, productivity 1, headcount 3; temp: 2 h or 4 h at 08/10/12,
		// ¥6/h, productivity 0.5, headcount 5. Requirement 08:00–16:00 hourly.
		const req = [2, 3, 3, 2, 1, 2, 2, 1];
		const rulesJson: RulesJson = {
			intervalMin: 60,
			minRestHours: 0,
			startTimes: { earliest: '08:00', latest: '12:00', stepMin: 120 },
			breaks: [],
			pools: [
				{ id: 'fixed', headcount: 3, shiftLengthsHours: [4], minDaysPerWeek: 1, maxDaysPerWeek: 5, costPerHour: 10, productivity: 1 },
				{ id: 'temp', headcount: 5, shiftLengthsHours: [2, 4], minDaysPerWeek: 1, maxDaysPerWeek: 5, costPerHour: 6, productivity: 0.5 }
			]
		};
		// brute force: 9 shift types, 0..4 of each, daily headcount per pool, full coverage
		const types: Array<{ pool: 0 | 1; start: number; len: number }> = [];
		for (const start of [8, 10, 12]) {
			types.push({ pool: 0, start, len: 4 });
			types.push({ pool: 1, start, len: 2 }, { pool: 1, start, len: 4 });
		}
		let best = Infinity;
		const counts = new Array(types.length).fill(0);
		const rec = (i: number) => {
			if (i === types.length) {
				const per = [0, 0];
				const cov = new Array(8).fill(0);
				let cost = 0;
				types.forEach((t, k) => {
					per[t.pool] += counts[k];
					cost += counts[k] * t.len * (t.pool === 0 ? 10 : 6);
					for (let h = t.start; h < t.start + t.len; h++) if (h >= 8 && h < 16) cov[h - 8] += counts[k] * (t.pool === 0 ? 1 : 0.5);
				});
				if (per[0] <= 3 && per[1] <= 5 && cov.every((c, h) => c >= req[h] - 1e-9)) best = Math.min(best, cost);
				return;
			}
			for (let c = 0; c <= 4; c++) {
				counts[i] = c;
				rec(i + 1);
			}
			counts[i] = 0;
		};
		rec(0);
		expect(best).toBeLessThan(Infinity);
		const { r, check } = solve(rulesJson, rows('2026-11-11', 1, 60, (m) => (m >= 480 && m < 960 ? req[Math.floor(m / 60) - 8] : 0)));
		expect(check.violations).toEqual([]);
		expect(check.coveragePct).toBe(100);
		expect(check.cost).toBeCloseTo(best, 6);
		expect(r.summary.cost).toBeCloseTo(best, 6);
		expect(r.summary.gapPct).not.toBeNull();
	});

	it('a meal break the requirement leaves room for: one agent (hand-solved)', () => {
		// one pool, a 6 h shift at 09:00 only, 30-min unpaid meal between 2 h and 4 h in; required 1
		// agent 09:00–15:00 except 0 at 11:30–12:00: one agent with the meal at 11:30 covers all, paid
		// 5.5 h × ¥20 = ¥110.
		const rulesJson: RulesJson = {
			intervalMin: 30,
			minRestHours: 11,
			startTimes: { earliest: '09:00', latest: '09:00', stepMin: 30 },
			breaks: [{ lengthMin: 30, ifShiftHoursAtLeast: 6, earliestAfterStartMin: 120, latestAfterStartMin: 240, paid: false }],
			pools: [{ id: 'fixed', headcount: 3, shiftLengthsHours: [6], minDaysPerWeek: 1, maxDaysPerWeek: 5, costPerHour: 20, productivity: 1 }]
		};
		const { r, csv, check } = solve(rulesJson, rows('2026-11-11', 1, 30, (m) => (m >= 540 && m < 900 && m !== 690 ? 1 : 0)));
		expect(check.violations).toEqual([]);
		expect(check.coveragePct).toBe(100);
		expect(check.cost).toBe(110);
		expect(csv.trim().split('\n')[1]).toBe('fixed-001,fixed,2026-11-11,09:00,15:00,11:30-12:00');
		expect(r.summary).toMatchObject({ coveragePct: 100, shortfallAgentIntervals: 0, cost: 110, paidHours: 5.5 });
	});

	it('a meal break with no slack: two agents with meals at different times (hand-solved)', () => {
		// as above but 1 agent required in all 12 intervals: one agent leaves its meal interval short,
		// so two are needed (¥220); their meals must not fall in the same interval.
		const rulesJson: RulesJson = {
			intervalMin: 30,
			minRestHours: 11,
			startTimes: { earliest: '09:00', latest: '09:00', stepMin: 30 },
			breaks: [{ lengthMin: 30, ifShiftHoursAtLeast: 6, earliestAfterStartMin: 120, latestAfterStartMin: 240, paid: false }],
			pools: [{ id: 'fixed', headcount: 3, shiftLengthsHours: [6], minDaysPerWeek: 1, maxDaysPerWeek: 5, costPerHour: 20, productivity: 1 }]
		};
		const { check } = solve(rulesJson, rows('2026-11-11', 1, 30, (m) => (m >= 540 && m < 900 ? 1 : 0)));
		expect(check.violations).toEqual([]);
		expect(check.coveragePct).toBe(100);
		expect(check.cost).toBe(220);
	});

	it('minimum rest: a late and the next early shift need two agents; with one agent the rest rule is named', () => {
		// day 1 needs 1 agent 20:00–24:00, day 2 needs 1 agent 06:00–10:00; 4 h shifts, 11 h rest:
		// 24:00 → 06:00 is 6 h, so one agent cannot work both (hand-solved: 2 agents × 4 h × ¥10 = ¥80)
		const base = (headcount: number): RulesJson => ({
			intervalMin: 60,
			minRestHours: 11,
			startTimes: { earliest: '00:00', latest: '23:00', stepMin: 60 },
			breaks: [],
			pools: [{ id: 'fixed', headcount, shiftLengthsHours: [4], minDaysPerWeek: 1, maxDaysPerWeek: 2, costPerHour: 10, productivity: 1 }]
		});
		const need = (m: number) => ((m >= 1200 && m < 1440) || (m >= 1800 && m < 2040) ? 1 : 0);
		const two = solve(base(2), rows('2026-11-10', 2, 60, need));
		expect(two.check.violations).toEqual([]);
		expect(two.check.coveragePct).toBe(100);
		expect(two.check.cost).toBe(80);
		expect(two.check.agents.fixed).toBe(2);
		const one = solve(base(1), rows('2026-11-10', 2, 60, need));
		expect(one.check.violations).toEqual([]);
		// one agent covers one of the two 4-interval blocks: 50 % (hand count)
		expect(one.check.coveragePct).toBe(50);
		expect(one.r.binding.join(' ')).toMatch(/minRestHours|headcount/);
	});

	it('days per week: fixed agents work exactly 5 days, so a third fixed agent beats temps (hand-solved)', () => {
		// required 2 agents 09:00–17:00 every day for 7 days; fixed (¥10/h) work exactly 5 days, temps
		// (¥30/h) 1–7 days. 14 shifts are needed. k fixed agents give 5k shifts at ¥80 each, the rest
		// are temp shifts at ¥240: k = 2 → 10 × 80 + 4 × 240 = 1 760; k = 3 → 15 × 80 = 1 200 (one
		// day over-staffed); k ≥ 4 costs more. Optimum ¥1 200 with 3 fixed agents and no temps.
		const rulesJson: RulesJson = {
			intervalMin: 60,
			minRestHours: 11,
			startTimes: { earliest: '09:00', latest: '09:00', stepMin: 60 },
			breaks: [],
			pools: [
				{ id: 'fixed', headcount: 5, shiftLengthsHours: [8], minDaysPerWeek: 5, maxDaysPerWeek: 5, costPerHour: 10, productivity: 1 },
				{ id: 'temp', headcount: 5, shiftLengthsHours: [8], minDaysPerWeek: 1, maxDaysPerWeek: 7, costPerHour: 30, productivity: 1 }
			]
		};
		const { check } = solve(rulesJson, rows('2026-11-09', 7, 60, (m) => (m % 1440 >= 540 && m % 1440 < 1020 ? 2 : 0)));
		expect(check.violations).toEqual([]);
		expect(check.coveragePct).toBe(100);
		expect(check.cost).toBe(1200);
		expect(check.agents).toEqual({ fixed: 3 });
	});

	it('the greedy baseline and the MIP on the same week: the MIP is never dearer at equal or better coverage', () => {
		const rulesJson: RulesJson = {
			intervalMin: 60,
			minRestHours: 11,
			startTimes: { earliest: '07:00', latest: '13:00', stepMin: 60 },
			breaks: [{ lengthMin: 30, ifShiftHoursAtLeast: 6, earliestAfterStartMin: 120, latestAfterStartMin: 240, paid: false }],
			pools: [
				{ id: 'fixed', headcount: 6, shiftLengthsHours: [8], minDaysPerWeek: 2, maxDaysPerWeek: 3, costPerHour: 30, productivity: 1 },
				{ id: 'temp', headcount: 6, shiftLengthsHours: [4, 6], minDaysPerWeek: 1, maxDaysPerWeek: 6, costPerHour: 25, productivity: 0.8 }
			]
		};
		const reqRows = rows('2026-11-09', 2, 60, (m) => {
			const h = (m % 1440) / 60;
			return h >= 8 && h < 20 ? Math.round(3 + 3 * Math.sin(((h - 8) / 12) * Math.PI)) : 0;
		});
		const { r, check } = solve(rulesJson, reqRows, 0.01);
		expect(check.violations).toEqual([]);
		const rules = parseRules(rulesJson);
		const req = parseRequirementCsv(toCsv(reqRows), rules.intervalMin);
		const g = greedySchedule(rules, req, () => performance.now());
		const gc = checkScheduleCsv(writeScheduleCsv(g.shifts, rules, req), rulesJson, reqRows);
		const penalty = 1000;
		expect(check.cost + penalty * check.shortfall).toBeLessThanOrEqual(gc.cost + penalty * gc.shortfall + 1e-6);
		// the solver's own summary agrees with the checker's recomputation
		expect(r.summary.coveragePct).toBeCloseTo(check.coveragePct, 2);
		expect(r.summary.cost).toBeCloseTo(check.cost, 2);
		expect(r.summary.paidHours).toBeCloseTo(check.paidHours, 2);
	});
});
