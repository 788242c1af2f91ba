/**
 * Per-event overrides on the planning page (browser-safe, pure): what the planner types — a
 * scale on an event's learned uplift (keeps the learned day-by-day shape) and/or a factor for
 * single days (changes the shape) — turned into the forecast API's per-date `upliftOverrides`,
 * and back from a saved scenario.
 */

/** One day of an event window as the forecast reported it. */
export interface EventDay {
	date: string;
	/** day type / phase: eve, holiday, closure, workday, ramp, peak, tail */
	dayType: string;
	/** the learned multiplier on the normal day (before any override) */
	learned: number;
}

/** What the planner typed for one event. */
export interface EventDraft {
	/** multiplier on every learned day factor (null = none) */
	scale: number | null;
	/** a factor for single days, YYYY-MM-DD → factor (null/absent = none) */
	days: Record<string, number | null>;
}

export interface DayOverride {
	eventName: string;
	date: string;
	upliftFactor: number;
	reason: string;
}

/** The API accepts factors above 0 and at most 20 (src/lib/server/planning/forecastRun.ts). */
export const MAX_FACTOR = 20;

const ok = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/**
 * The days of `eventName` in a channel's daily forecast, with each day's learned factor (the
 * factor the forecast reported, or, where an override was applied, the learned value it replaced).
 *
 * @example eventDays(daily, overrides, 'Double 11 (双11)').map((d) => d.learned)
 */
export function eventDays(
	daily: readonly { date: string; uplift: number; dayType: string; event?: { name: string } }[],
	applied: readonly { eventName: string; date: string; previousFactor: number }[],
	eventName: string
): EventDay[] {
	return daily
		.filter((d) => d.event?.name === eventName)
		.map((d) => {
			const prev = applied.find((a) => a.eventName === eventName && a.date === d.date);
			return { date: d.date, dayType: d.dayType, learned: prev ? prev.previousFactor : d.uplift };
		});
}

/**
 * Per-date overrides from the drafts: a day's own factor wins, else learned × the event's scale;
 * days with neither are left to the model. Factors are clamped to the API's (0, 20].
 *
 * @example overridesFrom({ 'Member day': { scale: 1.2, days: {} } }, { 'Member day': [{ date: '2025-03-27', dayType: 'peak', learned: 3 }] })
 *   // [{ eventName: 'Member day', date: '2025-03-27', upliftFactor: 3.6, reason: 'planner: ×1.2 on the learned uplift' }]
 */
export function overridesFrom(drafts: Record<string, EventDraft>, days: Record<string, EventDay[]>): DayOverride[] {
	const out: DayOverride[] = [];
	for (const [eventName, draft] of Object.entries(drafts)) {
		for (const d of days[eventName] ?? []) {
			const own = draft.days[d.date];
			let factor: number | undefined;
			let reason = '';
			if (ok(own)) {
				factor = own;
				reason = 'planner: factor for this day';
			} else if (ok(draft.scale) && d.learned > 0) {
				factor = d.learned * draft.scale;
				reason = `planner: ×${draft.scale} on the learned uplift`;
			}
			if (factor === undefined) continue;
			out.push({ eventName, date: d.date, upliftFactor: Math.min(MAX_FACTOR, Math.round(factor * 1000) / 1000), reason });
		}
	}
	return out;
}

/** Drafts that reproduce saved overrides (each as a factor for its day), for loading a scenario. */
export function draftsFrom(overrides: readonly { eventName: string; date?: string; upliftFactor: number }[]): Record<string, EventDraft> {
	const out: Record<string, EventDraft> = {};
	for (const o of overrides) {
		if (!o.date) continue;
		(out[o.eventName] ??= { scale: null, days: {} }).days[o.date] = o.upliftFactor;
	}
	return out;
}
