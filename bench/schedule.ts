/**
 * npm run bench:schedule — shift scheduling on a Double 11 week (issue 21).
 *
 * Requirement: the simulator's volume model (the same expected volumes the demo's history and
 * live traffic come from) for the week around 11-11, per channel at 30-minute intervals, turned
 * into scheduled agents per interval by the planning page's staffing plan (src/lib/planning/
 * staffingPlan.ts: Erlang C / chat divisor / deferred work, 30 % shrinkage, default targets), and
 * summed over channels. The volume scale is chosen so that the week needs about 500 agents.
 * Three pools (fixed, temporary, outsourced). Prints the MIP schedule next to a greedy baseline:
 * coverage, shortfall, cost, the LP lower bound and the gap, wall time. Targets: coverage ≥ 99 %
 * of required agent-intervals, cost within 5 % of the LP lower bound, < 60 s.
 */
import { cpus, loadavg } from 'node:os';
import { DateTime } from 'luxon';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../src/lib/server/config/defaults';
import { VolumeModel } from '../src/lib/server/simulator/volumeModel';
import { planChannel, type StaffingParams } from '../src/lib/planning/staffingPlan';
import { buildSchedule, greedySchedule, parseRules, writeScheduleCsv, type Requirement, type ScheduleResult } from '../forecast/scheduling/index';
import { checkScheduleCsv } from '../tests/forecast/scheduling/checker';

const ZONE = 'Asia/Shanghai';
const INTERVAL_MIN = 30;
const FIRST = '2026-11-08'; // Sunday before Double 11 … Saturday 11-14
const DAYS = 7;

function requirementAt(scale: number): number[] {
	const model = new VolumeModel({ channels: DEFAULT_CHANNELS, queues: DEFAULT_QUEUES, timezone: ZONE, seed: 11, volumeScale: scale });
	const start = DateTime.fromISO(`${FIRST}T00:00`, { zone: ZONE });
	const total = new Array<number>((DAYS * 1440) / INTERVAL_MIN).fill(0);
	DEFAULT_CHANNELS.forEach((c, ch) => {
		const points = total.map((_, k) => {
			const ms = start.plus({ minutes: k * INTERVAL_MIN }).toMillis();
			const day = model.dayAt(ms);
			const k15 = Math.floor((ms - day.startMs) / (15 * 60_000));
			let v = 0;
			for (const j of [k15, k15 + 1]) for (let q = 0; q < DEFAULT_QUEUES.length; q++) v += model.expectedInInterval(day, ch, q, Math.min(j, day.intervalCount - 1));
			return { timestamp: start.plus({ minutes: k * INTERVAL_MIN }).toFormat("yyyy-LL-dd'T'HH:mm"), forecast: v, p50: v, p80: v, p90: v };
		});
		const p: StaffingParams = {
			kind: c.kind,
			ahtSec: c.kind === 'deferred' ? 900 : 600,
			targetSec: c.slTargetSec,
			slTarget: c.slTargetPct / 100,
			maxOccupancy: c.kind === 'realtime' ? 0.85 : null,
			shrinkage: 0.3,
			patienceSec: null,
			maxAbandon: null,
			concurrency: c.concurrency,
			concurrencyAhtSec: null,
			quantile: 'forecast',
			volumeFactor: 1
		};
		planChannel(points, INTERVAL_MIN, p).intervals.forEach((iv, k) => (total[k] += iv.scheduled));
	});
	return total;
}

// agents-needed proxy: the week's required agent-hours / 40 h per agent
const agentsFor = (req: number[]) => req.reduce((a, b) => a + b, 0) * (INTERVAL_MIN / 60) / 40;
let lo = 0.01;
let hi = 10;
for (let i = 0; i < 30; i++) {
	const mid = Math.sqrt(lo * hi);
	if (agentsFor(requirementAt(mid)) < 300) lo = mid;
	else hi = mid;
}
const required = requirementAt(hi);
const req: Requirement = { firstDate: FIRST, offsetMin: 0, intervalMin: INTERVAL_MIN, required };
const rulesJson = {
	intervalMin: INTERVAL_MIN,
	minRestHours: 11,
	startTimes: { earliest: '00:00', latest: '23:30', stepMin: 30 },
	breaks: [
		{ lengthMin: 30, ifShiftHoursAtLeast: 6, earliestAfterStartMin: 120, latestAfterStartMin: 240, paid: false },
		{ lengthMin: 15, ifShiftHoursAtLeast: 4, earliestAfterStartMin: 60, latestAfterStartMin: 120, paid: true },
		{ lengthMin: 15, ifShiftHoursAtLeast: 8, earliestAfterStartMin: 300, latestAfterStartMin: 420, paid: true }
	],
	pools: [
		{ id: 'fixed', headcount: 300, shiftLengthsHours: [8, 9], minDaysPerWeek: 5, maxDaysPerWeek: 6, costPerHour: 45, productivity: 1 },
		{ id: 'temp', headcount: 150, shiftLengthsHours: [4, 6, 8], minDaysPerWeek: 1, maxDaysPerWeek: 6, costPerHour: 35, productivity: 0.8 },
		{ id: 'outsourced', headcount: 120, shiftLengthsHours: [8, 10], minDaysPerWeek: 3, maxDaysPerWeek: 7, costPerHour: 55, productivity: 0.9 }
	]
};
const rules = parseRules(rulesJson);
const reqRows = required.map((r, k) => ({ start: DateTime.fromISO(`${FIRST}T00:00`).plus({ minutes: k * INTERVAL_MIN }).toFormat('yyyy-LL-dd HH:mm'), required: r }));

const cpu = cpus();
console.log(`node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (machine shared)`);
const sum = required.reduce((a, b) => a + b, 0);
console.log(`Double 11 week ${FIRST} +${DAYS} d, ${required.length} × ${INTERVAL_MIN}-min intervals, volume scale ${hi.toFixed(3)}: ${sum} required agent-intervals (${(sum / 2).toFixed(0)} agent-hours ≈ ${agentsFor(required).toFixed(0)} × 40 h), peak ${Math.max(...required)} at ${(() => {
	const k = required.indexOf(Math.max(...required));
	return DateTime.fromISO(`${FIRST}T00:00`).plus({ minutes: k * INTERVAL_MIN }).toFormat('LL-dd HH:mm');
})()}`);
console.log(`pools: ${rules.pools.map((p) => `${p.id} ${p.headcount} × ${p.shiftLengthsHours.join('/')} h ¥${p.costPerHour}/h prod ${p.productivity}`).join('; ')}`);

const highs = await (await import('highs')).default();
const now = () => performance.now();
const mip = buildSchedule(rules, req, { highs, timeLimitSec: 45, mipRelGap: 0.01, now });
const greedy = greedySchedule(rules, req, now);

function row(name: string, r: ScheduleResult, lb: number | null) {
	const check = checkScheduleCsv(writeScheduleCsv(r.shifts, rules, req), rulesJson, reqRows);
	const viol = check.violations;
	if (Math.abs(check.coveragePct - r.summary.coveragePct) > 0.01 || Math.abs(check.cost - r.summary.cost) > 1) {
		viol.push(`checker disagrees: coverage ${check.coveragePct.toFixed(3)} %, cost ${check.cost.toFixed(0)}`);
	}
	const vsLb = lb === null ? '—' : `${((100 * (r.summary.cost - lb)) / lb).toFixed(2)} %`;
	console.log(
		`${name.padEnd(8)} ${r.summary.coveragePct.toFixed(2).padStart(7)} % ${r.summary.shortfallAgentIntervals.toFixed(1).padStart(8)} ${r.summary.cost.toFixed(0).padStart(10)} ${vsLb.padStart(9)} ${r.summary.paidHours.toFixed(0).padStart(8)} ${r.agents.join('/').padStart(12)} ${r.summary.seconds.toFixed(1).padStart(6)} s  rule violations ${viol.length}${viol.length ? ` (first: ${viol[0]})` : ''}  ${r.status}`
	);
	return viol.length;
}
console.log(`LP lower bound (LP relaxation of the MIP: cost + shortfall penalty): ${mip.summary.lowerBound}; LP shortfall ${mip.lpShortfall?.toFixed(2)} agent-intervals (0 = the bound is a pure cost bound), LP solved in ${mip.lpSeconds?.toFixed(1)} s, MIP in ${mip.mipSeconds?.toFixed(1)} s; MIP time limit: the build's 45 s minus the LP and a 4 s reserve`);
console.log(`${'schedule'.padEnd(8)} ${'coverage'.padStart(9)} ${'shortfall'.padStart(8)} ${'cost ¥'.padStart(10)} ${'vs LP'.padStart(9)} ${'paid h'.padStart(8)} ${'agents/pool'.padStart(12)} ${'time'.padStart(8)}`);
const v1 = row('MIP', mip, mip.summary.lowerBound);
row('greedy', greedy, mip.summary.lowerBound);
const lb = mip.summary.lowerBound ?? NaN;
const ok = [
	[`coverage ≥ 99 %`, mip.summary.coveragePct >= 99],
	[`cost within 5 % of the LP lower bound`, mip.summary.cost <= 1.05 * lb && (mip.lpShortfall ?? 1) < 1e-6],
	[`under 60 s`, mip.summary.seconds < 60],
	[`no rule violations (independent checker)`, v1 === 0]
] as const;
for (const [what, pass] of ok) console.log(`${pass ? 'met    ' : 'NOT met'}  ${what}`);
