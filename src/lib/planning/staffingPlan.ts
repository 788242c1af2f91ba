/**
 * Agents required per interval for a channel's forecast (browser-safe: the planning page runs it
 * on every what-if change without re-fitting the forecast; the server and tests use the same code).
 * Model per channel (docs/staffing-models.md):
 * - deferred channels (e-mail, tickets): the deferred-work plan, every item answered within the SLA;
 * - chat with an AHT per concurrency level: the chat concurrency model; chat with one AHT and
 *   concurrency > 1: the divisor model;
 * - phone (and chat) with a patience: Erlang A with the abandonment cap; otherwise Erlang C.
 */
import {
	deferredWorkPlan,
	requiredAgentsChatConcurrency,
	requiredAgentsChatDivisor,
	requiredAgentsErlangA,
	requiredAgentsErlangC,
	type StaffingTargets
} from '$forecast/staffing/index';

export type Quantile = 'forecast' | 'p50' | 'p80' | 'p90';

export interface StaffingParams {
	kind: 'realtime' | 'deferred';
	ahtSec: number;
	/** SL threshold T (realtime) or the answer-within SLA (deferred), seconds */
	targetSec: number;
	/** service-level target as a fraction, e.g. 0.8 */
	slTarget: number;
	maxOccupancy: number | null;
	shrinkage: number;
	patienceSec: number | null;
	maxAbandon: number | null;
	/** chats per agent for the divisor model (1 = not chat) */
	concurrency: number;
	/** AHT per concurrency level (AHT₁…AHT_m) for the chat model; null = not used */
	concurrencyAhtSec: number[] | null;
	quantile: Quantile;
	/** what-if multiplier on the forecast volume (1 = as forecast) */
	volumeFactor: number;
}

export interface ForecastInterval {
	timestamp: string;
	forecast: number;
	p50: number;
	p80: number;
	p90: number;
}

export interface PlannedInterval {
	timestamp: string;
	/** expected contacts: the mean forecast × the what-if (what volumes add up from) */
	volume: number;
	/** the volume staffing was solved for: this interval's own quantile (or mean) × the what-if */
	staffedVolume: number;
	agents: number;
	scheduled: number;
	binding: string;
	serviceLevel: number | null;
}

export interface PlannedDay {
	date: string;
	/** expected contacts of the day (Σ interval means × the what-if), never a sum of quantiles */
	volume: number;
	peakAgents: number;
	peakScheduled: number;
	/** Σ scheduled agents × interval length */
	scheduledHours: number;
}

export interface ChannelPlan {
	model: string;
	/** what each interval was staffed to (its own quantile, interval by interval) */
	staffedTo: Quantile;
	intervals: PlannedInterval[];
	days: PlannedDay[];
	totals: { volume: number; scheduledHours: number; peakScheduled: number; peakDate: string | null };
	bindingCounts: Record<string, number>;
}

export function modelFor(p: StaffingParams): string {
	if (p.kind === 'deferred') return 'deferred-work';
	if (p.concurrencyAhtSec && p.concurrencyAhtSec.length > 1) return 'chat-concurrency';
	if (p.concurrency > 1) return 'chat-divisor';
	if (p.patienceSec !== null) return 'erlang-a';
	return 'erlang-c';
}

/** One interval with the staffing engine, exactly as `npm run staffing` would solve it. */
export function solveInterval(volume: number, intervalSec: number, p: StaffingParams) {
	const targets: StaffingTargets = {
		thresholdSec: p.targetSec,
		serviceLevelTarget: p.slTarget,
		maxOccupancy: p.maxOccupancy ?? undefined,
		shrinkageFraction: p.shrinkage,
		maxAbandonFraction: p.patienceSec !== null && p.maxAbandon !== null ? p.maxAbandon : undefined
	};
	const patience = p.patienceSec ?? undefined;
	switch (modelFor(p)) {
		case 'chat-concurrency':
			return requiredAgentsChatConcurrency({ arrivals: volume, intervalSec, concurrencyAhtSec: p.concurrencyAhtSec!, patienceSec: patience }, targets);
		case 'chat-divisor':
			return requiredAgentsChatDivisor({ arrivals: volume, intervalSec, ahtSec: p.ahtSec, concurrency: p.concurrency, patienceSec: patience }, targets);
		case 'erlang-a':
			return requiredAgentsErlangA({ arrivals: volume, intervalSec, ahtSec: p.ahtSec, patienceSec: p.patienceSec! }, targets);
		default:
			return requiredAgentsErlangC({ arrivals: volume, intervalSec, ahtSec: p.ahtSec }, targets);
	}
}

export function planChannel(points: readonly ForecastInterval[], intervalMin: number, p: StaffingParams): ChannelPlan {
	const intervalSec = intervalMin * 60;
	// Staffing is solved per interval for that interval's quantile; volumes shown and summed are the
	// mean. The sum of interval P80s is not the P80 of the day (it overstated a Double 11 by 48 %,
	// issue 22); a total's quantiles come from the forecast's own error model of totals.
	const means = points.map((pt) => Math.max(0, pt.forecast * p.volumeFactor));
	const volumes = points.map((pt) => Math.max(0, (p.quantile === 'forecast' ? pt.forecast : pt[p.quantile]) * p.volumeFactor));
	const intervals: PlannedInterval[] = [];
	const model = modelFor(p);
	if (model === 'deferred-work') {
		const plan = deferredWorkPlan({ backlogItems: 0, arrivalsPerInterval: volumes, intervalSec, ahtSec: p.ahtSec, slaSec: p.targetSec });
		plan.intervals.forEach((iv, i) => {
			const scheduled = iv.agents === 0 ? 0 : Math.ceil(iv.agents / (1 - p.shrinkage) - 1e-9);
			intervals.push({ timestamp: points[i].timestamp, volume: means[i], staffedVolume: volumes[i], agents: iv.agents, scheduled, binding: 'sla', serviceLevel: null });
		});
	} else {
		points.forEach((pt, i) => {
			const r = solveInterval(volumes[i], intervalSec, p);
			intervals.push({ timestamp: pt.timestamp, volume: means[i], staffedVolume: volumes[i], agents: r.agents, scheduled: r.scheduledAgents, binding: r.bindingConstraint, serviceLevel: r.serviceLevel });
		});
	}
	const byDay = new Map<string, PlannedDay>();
	const bindingCounts: Record<string, number> = {};
	for (const iv of intervals) {
		const date = iv.timestamp.slice(0, 10);
		const d = byDay.get(date) ?? { date, volume: 0, peakAgents: 0, peakScheduled: 0, scheduledHours: 0 };
		d.volume += iv.volume;
		d.peakAgents = Math.max(d.peakAgents, iv.agents);
		d.peakScheduled = Math.max(d.peakScheduled, iv.scheduled);
		d.scheduledHours += (iv.scheduled * intervalMin) / 60;
		byDay.set(date, d);
		bindingCounts[iv.binding] = (bindingCounts[iv.binding] ?? 0) + 1;
	}
	const days = [...byDay.values()];
	const peak = days.reduce<PlannedDay | null>((m, d) => (m === null || d.peakScheduled > m.peakScheduled ? d : m), null);
	return {
		model,
		staffedTo: p.quantile,
		intervals,
		days,
		totals: {
			volume: days.reduce((s, d) => s + d.volume, 0),
			scheduledHours: days.reduce((s, d) => s + d.scheduledHours, 0),
			peakScheduled: peak?.peakScheduled ?? 0,
			peakDate: peak?.date ?? null
		},
		bindingCounts
	};
}
