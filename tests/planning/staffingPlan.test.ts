import { describe, expect, it } from 'vitest';
import { captureIo } from '../../scripts/cli';
import { main as staffingCli } from '../../scripts/staffing';
import { planChannel, type StaffingParams } from '../../src/lib/planning/staffingPlan';

// issue 9: "the staffing numbers in the plan equal the staffing engine's CLI for the same inputs".
// Oracle: `npm run staffing` (scripts/staffing.ts, its `main` in-process) on each interval.
function cli(args: string[]): { agents: number; scheduledAgents: number; bindingConstraint: string } {
	const io = captureIo();
	if (staffingCli(args, io) !== 0) throw new Error(io.stderr);
	return JSON.parse(io.stdout);
}

const base: StaffingParams = {
	kind: 'realtime',
	ahtSec: 240,
	targetSec: 20,
	slTarget: 0.8,
	maxOccupancy: 0.85,
	shrinkage: 0.3,
	patienceSec: null,
	maxAbandon: null,
	concurrency: 1,
	concurrencyAhtSec: null,
	quantile: 'p80',
	volumeFactor: 1.25
};
const points = [
	{ timestamp: '2027-11-11 00:00', forecast: 300, p50: 290, p80: 340, p90: 370 },
	{ timestamp: '2027-11-11 00:15', forecast: 80, p50: 78, p80: 92.4, p90: 99 },
	{ timestamp: '2027-11-11 00:30', forecast: 0, p50: 0, p80: 0, p90: 0 }
];

describe('staffing plan = staffing CLI', () => {
	const cases: [string, StaffingParams, (v: number) => string[]][] = [
		['Erlang C with occupancy cap and shrinkage', base, (v) => ['--max-occupancy', '0.85', '--shrinkage', '0.3', '--arrivals', String(v)]],
		['Erlang A with an abandonment cap', { ...base, patienceSec: 120, maxAbandon: 0.03, maxOccupancy: null }, (v) => ['--patience-sec', '120', '--max-abandon', '0.03', '--shrinkage', '0.3', '--arrivals', String(v)]],
		['chat, AHT per concurrency level', { ...base, targetSec: 30, concurrencyAhtSec: [300, 390, 480], maxOccupancy: null }, (v) => ['--concurrency-aht-sec', '300,390,480', '--shrinkage', '0.3', '--arrivals', String(v)]]
	];
	it.each(cases)('%s', (_name, params, extra) => {
		const plan = planChannel(points, 15, params);
		// the first two intervals: 340 × 1.25 = 425 and 92.4 × 1.25 = 115.5 arrivals (P80 × the what-if)
		for (const i of [0, 1]) {
			const volume = points[i].p80 * params.volumeFactor;
			expect(plan.intervals[i].staffedVolume).toBeCloseTo(volume, 9);
			const c = cli(['--interval-sec', '900', '--aht-sec', String(params.ahtSec), '--target-sec', String(params.targetSec), '--sl', '0.8', ...extra(volume)]);
			expect({ agents: plan.intervals[i].agents, scheduled: plan.intervals[i].scheduled, binding: plan.intervals[i].binding }).toEqual({
				agents: c.agents,
				scheduled: c.scheduledAgents,
				binding: c.bindingConstraint
			});
		}
		expect(plan.intervals[2].agents).toBe(0); // no contacts, nobody needed
	}, 60_000);

	it('plans deferred work so every item is answered within the SLA, and sums days', () => {
		const plan = planChannel(
			[...Array(8)].map((_, i) => ({ timestamp: `2027-11-12 0${Math.floor(i / 4)}:${String((i % 4) * 15).padStart(2, '0')}`, forecast: 40, p50: 40, p80: 40, p90: 40 })),
			15,
			{ ...base, kind: 'deferred', ahtSec: 600, targetSec: 3600, volumeFactor: 1 }
		);
		expect(plan.model).toBe('deferred-work');
		// Independent bound: the 160 items that arrive in the first hour are due inside the 2-hour plan
		// (SLA 1 h), so at least 160 × 600 s = 26.7 agent-hours must be staffed by its end.
		expect(plan.intervals.reduce((s, iv) => s + (iv.agents * 15) / 60, 0)).toBeGreaterThanOrEqual((160 * 600) / 3600 - 1e-9);
		expect(plan.days).toHaveLength(1);
		expect(plan.totals.volume).toBe(320);
	});

	// issue 22: the page's "volume" summed each interval's P80 (1 048 130 against a mean of 709 380
	// for a Double 11, +48 %). Staffing stays per interval at its quantile; volumes are means.
	it('shows mean volumes when staffing to P80: per interval, per day and in total (not the sum of interval P80s)', () => {
		const plan = planChannel(points, 15, base);
		expect(plan.staffedTo).toBe('p80');
		// means × the what-if 1.25: 300 × 1.25 = 375, 80 × 1.25 = 100, 0 (points above)
		expect(plan.intervals.map((iv) => iv.volume)).toEqual([375, 100, 0]);
		// the sum of the means: 375 + 100 = 475 — not (340 + 92.4) × 1.25 = 540.5, the sum of P80s
		expect(plan.days[0].volume).toBeCloseTo(475, 9);
		expect(plan.totals.volume).toBeCloseTo(475, 9);
		// staffing was solved for each interval's P80 × 1.25 (hand: 340 × 1.25 = 425, 92.4 × 1.25 = 115.5)
		expect(plan.intervals.map((iv) => iv.staffedVolume)).toEqual([425, 115.5, 0]);
	});
});
