/**
 * What the planning page derives from its channel plans (browser-safe, pure): the summary saved with
 * a scenario, the requirement /planning/schedule builds shifts for, and the CSV export's rows.
 */
import type { CsvCell } from '$lib/csv';
import type { Requirement } from './scenario';
import type { ChannelPlan } from './staffingPlan';

/** Per channel: peak scheduled agents (and its day), scheduled hours, mean volume (scenario comparison). */
export function planSummary(plans: Record<string, ChannelPlan>): Record<string, ChannelPlan['totals']> {
	const out: Record<string, ChannelPlan['totals']> = {};
	for (const [id, p] of Object.entries(plans)) out[id] = { ...p.totals };
	return out;
}

/** Scheduled agents per interval summed over the channels, in time order. */
export function planRequirement(plans: Record<string, ChannelPlan>, intervalMin: number): Requirement {
	const total = new Map<string, number>();
	for (const plan of Object.values(plans)) for (const iv of plan.intervals) total.set(iv.timestamp, (total.get(iv.timestamp) ?? 0) + iv.scheduled);
	return { intervalMin, points: [...total.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The export: one row per channel and interval, then a TOTAL row per channel. `volume` on the TOTAL
 * row is the mean total; `staffed_volume` is per interval only (a sum of interval quantiles is no
 * total's quantile).
 */
export function planCsvRows(plans: Record<string, ChannelPlan>): Record<string, CsvCell>[] {
	const rows: Record<string, CsvCell>[] = [];
	for (const [id, plan] of Object.entries(plans)) {
		for (const iv of plan.intervals) {
			rows.push({ channel: id, interval_start: iv.timestamp, volume: r2(iv.volume), staffed_volume: r2(iv.staffedVolume), staffed_to: plan.staffedTo, agents: iv.agents, scheduled_agents: iv.scheduled, binding_constraint: iv.binding, model: plan.model });
		}
		rows.push({ channel: id, interval_start: 'TOTAL', volume: r2(plan.totals.volume), staffed_volume: '', staffed_to: '', agents: '', scheduled_agents: plan.totals.peakScheduled, binding_constraint: `scheduled_hours=${r2(plan.totals.scheduledHours)}`, model: plan.model });
	}
	return rows;
}
