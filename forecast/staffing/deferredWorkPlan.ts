import { ceilClean } from './deferredWork';
import { requireFractionUpToOne, requireNonNegative, requirePositive } from './validate';

export interface DeferredWorkPlanInput {
	/** Items open at the start of the first interval; each is due slaSec after that start. */
	backlogItems: number;
	/** Forecast items arriving in each interval (spread evenly within it). */
	arrivalsPerInterval: readonly number[];
	intervalSec: number;
	ahtSec: number;
	/** Every item must be answered within slaSec of its arrival. */
	slaSec: number;
	/** Share of paid agent time spent on this work, (0, 1]; default 1. */
	productiveFraction?: number;
}

export interface DeferredWorkInterval {
	index: number;
	arrivals: number;
	/** Agents to staff, ⌈fractionalAgents⌉. */
	agents: number;
	/** The lowest constant rate from this interval on that meets every known deadline, in agents. */
	fractionalAgents: number;
	/** Items completed in the interval with `agents` staffed (fluid). */
	handledItems: number;
	/** Items open at the end of the interval. */
	backlogEndItems: number;
}

export interface DeferredWorkPlan {
	intervals: DeferredWorkInterval[];
	peakAgents: number;
	/** Σ agents × interval length, hours. */
	agentHours: number;
	/** Fewest agents that, staffed constantly from the start, meet every deadline of the horizon. */
	constantAgents: number;
}

/**
 * Per-interval staffing for deferred work (e-mail, tickets) with an SLA measured from each item's
 * arrival. Fluid, work-conserving, FCFS (= earliest deadline first, since every item gets the same
 * SLA): cumulative completions C(s) must stay at or above the due curve
 * D(s) = backlog + Arr(s − sla) (items that arrived more than `sla` ago), where Arr is the
 * cumulative forecast (piecewise linear: arrivals spread evenly in an interval).
 *
 * Rule for interval i (start T): staff the lowest constant rate that, kept from T on, meets every
 * deadline of the work known by the end of the interval: r_i = max_d (D(d) − C(T)) / (d − T) over
 * the breakpoints d = sla + kΔ of D in (T, T + Δ + sla] — the "optimal available" speed rule of
 * Yao, Demers & Shenker (FOCS 1995) applied to agents. Both C and D are piecewise linear, so
 * checking the breakpoints of D is exact. Agents = ⌈r_i·AHT/p⌉; the interval is then worked with
 * that whole number of agents, C(T+Δ) = min(C(T) + agents·p·Δ/AHT, backlog + Arr(T+Δ)).
 * `constantAgents` is the offline minimum for one staffing level over the horizon,
 * max_d D(d)/d·AHT/p.
 *
 * @throws when an argument is negative / not finite, interval, AHT or SLA not > 0, or the
 *   productive fraction is not in (0, 1]
 * @example deferredWorkPlan({ backlogItems: 100, arrivalsPerInterval: [20, 20, 20, 20],
 *   intervalSec: 3600, ahtSec: 600, slaSec: 4 * 3600 })
 */
export function deferredWorkPlan(input: DeferredWorkPlanInput): DeferredWorkPlan {
	const fn = 'deferredWorkPlan';
	const { backlogItems: backlog, arrivalsPerInterval: arrivals, intervalSec: dt, ahtSec, slaSec } = input;
	requireNonNegative(fn, 'backlogItems', backlog);
	requirePositive(fn, 'intervalSec', dt);
	requirePositive(fn, 'ahtSec', ahtSec);
	requirePositive(fn, 'slaSec', slaSec);
	const p = input.productiveFraction ?? 1;
	requireFractionUpToOne(fn, 'productiveFraction', p);
	if (!Array.isArray(arrivals)) throw new Error(`${fn}: arrivalsPerInterval must be an array of numbers`);
	const count = arrivals.length;
	// cumulative arrivals at interval boundaries
	const cum = new Float64Array(count + 1);
	for (let i = 0; i < count; i++) {
		requireNonNegative(fn, `arrivalsPerInterval[${i}]`, arrivals[i]);
		cum[i + 1] = cum[i] + arrivals[i];
	}
	const horizon = count * dt;
	/** Arr(s): cumulative arrivals by time s (linear inside an interval, flat after the horizon). */
	const arrivedBy = (s: number): number => {
		if (s <= 0) return 0;
		if (s >= horizon) return cum[count];
		const k = Math.floor(s / dt);
		return cum[k] + ((s - k * dt) / dt) * arrivals[k];
	};
	const due = (d: number): number => backlog + arrivedBy(d - slaSec);
	const agentRate = p / ahtSec; // items per second per agent
	const intervals: DeferredWorkInterval[] = [];
	let done = 0;
	let peakAgents = 0;
	let agentHours = 0;
	for (let i = 0; i < count; i++) {
		const start = i * dt;
		const limit = start + dt + slaSec;
		let rate = 0;
		// breakpoints of D: slaSec + kΔ for k ≥ 0, those in (start, limit]
		let k = Math.max(0, Math.floor((start - slaSec) / dt));
		for (let d = slaSec + k * dt; d <= limit + 1e-9; k++, d = slaSec + k * dt) {
			if (d <= start + 1e-9 * dt) continue;
			const need = (due(d) - done) / (d - start);
			if (need > rate) rate = need;
		}
		const fractionalAgents = rate / agentRate;
		const agents = ceilClean(fractionalAgents);
		const available = backlog + arrivedBy(start + dt) - done;
		const handled = Math.min(agents * agentRate * dt, available);
		done += handled;
		peakAgents = Math.max(peakAgents, agents);
		agentHours += (agents * dt) / 3600;
		intervals.push({
			index: i,
			arrivals: arrivals[i],
			agents,
			fractionalAgents,
			handledItems: handled,
			backlogEndItems: backlog + cum[i + 1] - done
		});
	}
	let constantRate = 0;
	for (let k = 0; ; k++) {
		const d = slaSec + k * dt;
		constantRate = Math.max(constantRate, due(d) / d);
		if (d - slaSec >= horizon) break;
	}
	return { intervals, peakAgents, agentHours, constantAgents: ceilClean(constantRate / agentRate) };
}
