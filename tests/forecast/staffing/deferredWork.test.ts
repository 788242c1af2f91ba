import { describe, expect, it } from 'vitest';
import { deferredWorkAgents, deferredWorkPlan, type DeferredWorkPlanInput } from '../../../forecast/staffing/index';

describe('deferredWorkAgents', () => {
	it('clears backlog + arrivals within the window (issue rule) and the due-date variant', () => {
		// arithmetic: (200 + 50/h·4 h)·360 s / (14 400 s) = 10 agents; due-date max(50/h, 200/4 h)·360 s = 5
		const r = deferredWorkAgents({ backlogItems: 200, arrivalsPerHour: 50, ahtSec: 360, slaWindowSec: 14400 });
		expect(r.fractionalAgents).toBeCloseTo(10, 12);
		expect(r.agents).toBe(10);
		expect(r.dueDateFractionalAgents).toBeCloseTo(5, 12);
		expect(r.dueDateAgents).toBe(5);
		expect(r.workloadHours).toBeCloseTo(40, 12);
		// productive fraction 0.8: 10 / 0.8 = 12.5 → 13
		expect(deferredWorkAgents({ backlogItems: 200, arrivalsPerHour: 50, ahtSec: 360, slaWindowSec: 14400, productiveFraction: 0.8 }).agents).toBe(13);
	});

	it('rejects bad input', () => {
		expect(() => deferredWorkAgents({ backlogItems: -1, arrivalsPerHour: 0, ahtSec: 1, slaWindowSec: 1 })).toThrow(
			'deferredWorkAgents: backlogItems must be a finite number >= 0, got -1'
		);
		expect(() => deferredWorkAgents({ backlogItems: 1, arrivalsPerHour: 0, ahtSec: 1, slaWindowSec: 1, productiveFraction: 0 })).toThrow(
			/productiveFraction must be a fraction in \(0, 1\]/
		);
	});
});

/**
 * Independent check of a staffing plan by a fine-grained fluid simulation (10-second steps,
 * FCFS): returns the largest amount of work that was due but not done at any step. An item
 * arriving at s is due at s + sla; backlog is due at sla; arrivals are spread evenly in their
 * interval.
 */
function worstLateness(input: DeferredWorkPlanInput, agentsPerInterval: readonly number[]): number {
	const step = 10;
	const p = input.productiveFraction ?? 1;
	const n = input.arrivalsPerInterval.length;
	const arrivedBy = (s: number): number => {
		if (s <= 0) return 0;
		let total = 0;
		for (let i = 0; i < n; i++) {
			const a = i * input.intervalSec;
			total += input.arrivalsPerInterval[i] * Math.min(1, Math.max(0, (s - a) / input.intervalSec));
		}
		return total;
	};
	let done = 0;
	let worst = 0;
	for (let s = 0; s < n * input.intervalSec; s += step) {
		const agents = agentsPerInterval[Math.floor(s / input.intervalSec)];
		const available = input.backlogItems + arrivedBy(s + step) - done;
		done += Math.min(available, (agents * p * step) / input.ahtSec);
		const t = s + step;
		const due = t >= input.slaSec ? input.backlogItems + arrivedBy(t - input.slaSec) : 0;
		worst = Math.max(worst, due - done);
	}
	return worst;
}

describe('deferredWorkPlan', () => {
	const input: DeferredWorkPlanInput = {
		backlogItems: 120,
		// a Double 11 style after-sales spike in hourly ticket arrivals
		arrivalsPerInterval: [10, 10, 20, 60, 90, 40, 20, 10, 5, 5, 0, 0],
		intervalSec: 3600,
		ahtSec: 600,
		slaSec: 4 * 3600,
		productiveFraction: 0.85
	};
	const plan = deferredWorkPlan(input);

	it('meets every deadline (independent fine-step fluid simulation)', () => {
		expect(worstLateness(input, plan.intervals.map((i) => i.agents))).toBeLessThan(1e-6);
		expect(plan.intervals).toHaveLength(12);
		expect(plan.peakAgents).toBe(Math.max(...plan.intervals.map((i) => i.agents)));
		expect(plan.agentHours).toBe(plan.intervals.reduce((s, i) => s + i.agents, 0));
	});

	it('conserves items: handled + open at the end = backlog + arrivals', () => {
		const handled = plan.intervals.reduce((s, i) => s + i.handledItems, 0);
		const last = plan.intervals[plan.intervals.length - 1];
		expect(handled + last.backlogEndItems).toBeCloseTo(120 + 270, 9);
	});

	it('constantAgents is the fewest constant agents that meet every deadline', () => {
		// verified by the independent simulation at constantAgents and one fewer
		const k = plan.constantAgents;
		expect(worstLateness(input, Array(12).fill(k))).toBeLessThan(1e-6);
		expect(worstLateness(input, Array(12).fill(k - 1))).toBeGreaterThan(0.01);
	});

	it('backlog alone: clear at the constant rate backlog/SLA', () => {
		// arithmetic: 100 items × 600 s / 4 h = 4.17 agents → 5; the first interval staffs that rate
		const p = deferredWorkPlan({ backlogItems: 100, arrivalsPerInterval: [0, 0, 0, 0, 0, 0], intervalSec: 3600, ahtSec: 600, slaSec: 14400 });
		expect(p.constantAgents).toBe(5);
		expect(p.intervals[0].fractionalAgents).toBeCloseTo(100 * 600 / 14400, 12);
		expect(p.intervals[0].agents).toBe(5);
	});

	it('names the broken element', () => {
		expect(() => deferredWorkPlan({ ...input, arrivalsPerInterval: [1, -2] })).toThrow(
			'deferredWorkPlan: arrivalsPerInterval[1] must be a finite number >= 0, got -2'
		);
	});
});
