import { describe, expect, it } from 'vitest';
import { planChannel, type ForecastInterval, type StaffingParams } from '../../src/lib/planning/staffingPlan';
import { chatChain, erlangA, erlangC, scheduled, solve, type Metrics } from '../oracles/queueing';

// issue 9: "the staffing numbers in the plan equal the staffing engine's for the same inputs"; issue 23:
// checked against an independent oracle (tests/oracles/queueing.ts: Erlang B recursion, birth–death
// chains summed state by state, uniformization), not the same library through the CLI.

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
/** a night-to-peak day of 15-min intervals: a handful of contacts up to a Double 11 surge */
const day: ForecastInterval[] = [0.4, 3.2, 12, 47.5, 115.5, 260, 540, 720].map((p80, i) => ({
	timestamp: `2027-11-11 ${String(8 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
	forecast: p80 * 0.9,
	p50: p80 * 0.88,
	p80,
	p90: p80 * 1.1
}));

/** The oracle's solution for one interval of `volume` contacts in 15 minutes. */
function oracle(volume: number, p: StaffingParams): { agents: number; scheduled: number; binding: string; at: (n: number) => Metrics } {
	const lambda = volume / 900;
	const targets = { serviceLevel: p.slTarget, maxOccupancy: p.maxOccupancy, maxAbandon: p.patienceSec !== null ? p.maxAbandon : null, shrinkage: p.shrinkage };
	const at = (n: number): Metrics =>
		p.concurrencyAhtSec
			? chatChain(n, lambda, p.concurrencyAhtSec, p.patienceSec, p.targetSec)
			: p.patienceSec !== null
				? erlangA(n, lambda, p.ahtSec, p.patienceSec, p.targetSec)
				: erlangC(n, lambda * p.ahtSec, p.targetSec, p.ahtSec);
	const r = solve(at, targets, volume > 0);
	return { agents: r.agents, scheduled: r.scheduledAgents, binding: r.bindingConstraint, at };
}

describe('the oracle reproduces published figures (so that it can judge the plan)', () => {
	it('Erlang C: 100 calls / 30 min, AHT 180 s, 20 s → SL 39.0 / 64.0 / 79.6 / 88.8 % for 11…14 agents', () => {
		// Published: Call Centre Helper, "Erlang C formula – made simple with an easy worked example"
		const sl = [11, 12, 13, 14].map((n) => (100 * erlangC(n, 10, 20, 180).serviceLevel).toFixed(1));
		expect(sl).toEqual(['39.0', '64.0', '79.6', '88.8']);
	});

	it('Erlang A: λ = 100 / 30 min, AHT 3 min, patience 5 min, 14 agents, 20 s → P(wait) 0.14526, P(abandon) 0.013984, occupancy 0.704297, SL 0.916792', () => {
		// Published vector quoted in issue 5 (also tests/forecast/staffing/erlangA.test.ts)
		const m = erlangA(14, 100 / 1800, 180, 300, 20);
		expect(m.pWait.toFixed(5)).toBe('0.14526');
		expect(m.pAbandon.toPrecision(5)).toBe('0.013984');
		expect(m.occupancy.toFixed(6)).toBe('0.704297');
		expect(m.serviceLevel.toFixed(6)).toBe('0.916792');
	});

	it('the chat chain with one AHT at every level is Erlang C on N·m servers; with patience, Erlang A', () => {
		// hand: [180, 180] holds 2 chats at 1/180 each, i.e. 2N servers of AHT 180 (docs/staffing-models.md)
		const chat = chatChain(7, 100 / 1800, [180, 180], null, 20);
		expect(chat.serviceLevel).toBeCloseTo(erlangC(14, 10, 20, 180).serviceLevel, 12);
		const chatA = chatChain(7, 100 / 1800, [180, 180], 300, 20);
		expect(chatA.serviceLevel).toBeCloseTo(0.916792091863547, 10); // mpmath value, tests/forecast/staffing/erlangA.test.ts
	});
});

describe('staffing plan = independent oracle, interval by interval', () => {
	const cases: [string, StaffingParams][] = [
		['Erlang C with occupancy cap and shrinkage', base],
		// without the cap the service level binds (with it, mostly the occupancy does)
		['Erlang C on the service level alone', { ...base, maxOccupancy: null }],
		['Erlang A with an abandonment cap', { ...base, patienceSec: 120, maxAbandon: 0.03, maxOccupancy: null }],
		['chat, AHT per concurrency level', { ...base, targetSec: 30, concurrencyAhtSec: [300, 390, 480], maxOccupancy: null }]
	];
	it.each(cases)('%s', (_name, params) => {
		for (const [series, pts] of [['Double 11 00:00', points], ['a day to peak', day]] as const) {
			const plan = planChannel(pts, 15, params);
			pts.forEach((pt, i) => {
				const iv = plan.intervals[i];
				// staffed to P80 × the what-if (hand, first series: 340 × 1.25 = 425, 92.4 × 1.25 = 115.5, 0)
				expect(iv.staffedVolume).toBeCloseTo(pt.p80 * params.volumeFactor, 9);
				const o = oracle(iv.staffedVolume, params);
				const where = `${series} ${pt.timestamp}, ${iv.staffedVolume} contacts`;
				expect({ agents: iv.agents, scheduled: iv.scheduled, binding: iv.binding }, where).toEqual({ agents: o.agents, scheduled: o.scheduled, binding: o.binding });
				if (o.agents > 0) expect(iv.serviceLevel!, where).toBeCloseTo(o.at(o.agents).serviceLevel, 9);
			});
		}
		expect(planChannel(points, 15, params).intervals[2].agents).toBe(0); // no contacts, nobody needed
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
		// scheduled = ⌈agents ÷ (1 − 0.3)⌉ (the oracle's shrinkage)
		expect(plan.intervals.map((iv) => iv.scheduled)).toEqual(plan.intervals.map((iv) => scheduled(iv.agents, 0.3)));
	});

	it('deferred work: working the plan FCFS, every item due inside the horizon is answered within the SLA', () => {
		// Independent check by a second-by-second fluid run of the plan (not the planner's own
		// breakpoint rule): items arrive evenly in each interval, the agents of an interval answer
		// agents ÷ AHT items a second, oldest first; what has arrived more than the SLA ago must be done.
		const arrivals = [5, 60, 140, 90, 30, 0, 200, 10];
		const pts = arrivals.map((a, i) => ({ timestamp: `2027-11-12 ${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`, forecast: a, p50: a, p80: a, p90: a }));
		const aht = 600;
		const sla = 1800;
		const plan = planChannel(pts, 15, { ...base, kind: 'deferred', ahtSec: aht, targetSec: sla, volumeFactor: 1 });
		const arrived = (t: number) => {
			let n = 0;
			for (let i = 0; i < arrivals.length; i++) n += arrivals[i] * Math.min(1, Math.max(0, (t - i * 900) / 900));
			return n;
		};
		let done = 0;
		let worst = Infinity;
		for (let t = 1; t <= arrivals.length * 900; t++) {
			const agents = plan.intervals[Math.floor((t - 1) / 900)].agents;
			done = Math.min(done + agents / aht, arrived(t));
			if (t >= sla) worst = Math.min(worst, done - arrived(t - sla));
		}
		expect(worst).toBeGreaterThanOrEqual(-1e-9);
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
