import * as v from 'valibot';

/**
 * A forecast request of /planning (POST /api/v1/planning/forecast), issue 23: one schema; the type
 * is inferred from it and shared with the page. The channels and queues allowed are the configured
 * ones, so the schema is made per configuration.
 */

/** Short names of the built-in peak events a request may give instead of the calendar name. */
export const PLAN_EVENT_ALIASES: Record<string, string> = { double11: 'Double 11 (双11)', '618': '618 (年中大促)', double12: 'Double 12 (双12)' };

const isoDate = (what: string) => v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be YYYY-MM-DD`));

const WeeksHorizon = v.object({
	kind: v.literal('weeks'),
	weeks: v.pipe(v.number('must be a whole number of weeks from 1 to 26'), v.integer('must be a whole number of weeks from 1 to 26'), v.minValue(1, 'must be a whole number of weeks from 1 to 26'), v.maxValue(26, 'must be a whole number of weeks from 1 to 26'))
});

const EventHorizon = v.pipe(
	v.object({ kind: v.literal('event'), event: v.pipe(v.string(), v.minLength(1, 'name the event')), dateStart: v.optional(isoDate('a custom event')), dateEnd: v.optional(isoDate('a custom event')) }),
	v.forward(
		v.check((h) => h.dateStart === undefined || h.dateEnd === undefined || h.dateStart <= h.dateEnd, 'a custom event needs dateStart ≤ dateEnd as YYYY-MM-DD'),
		['dateStart']
	),
	v.forward(
		v.check(
			(h) => (h.dateStart !== undefined && h.dateEnd !== undefined) || h.event in PLAN_EVENT_ALIASES || Object.values(PLAN_EVENT_ALIASES).includes(h.event),
			'unknown event; use double11, 618, double12, or a custom event with dateStart and dateEnd'
		),
		['event']
	)
);

const UpliftOverrideSchema = v.object({
	eventName: v.string('needs the eventName'),
	date: v.optional(isoDate('a day of the event (or absent: every day of it)')),
	upliftFactor: v.pipe(v.number('needs an upliftFactor above 0 and at most 20'), v.gtValue(0, 'needs an upliftFactor above 0 and at most 20'), v.maxValue(20, 'needs an upliftFactor above 0 and at most 20')),
	reason: v.optional(v.string())
});

export const PLAN_MODELS = ['auto', 'topdown', 'combo', 'avg4w', 'snaive'] as const;

/** The request schema for a configuration's channels and queues. */
export function planRequestSchema(known: { channels: readonly string[]; queues: readonly string[] }) {
	const channel = v.pipe(v.string(), v.check((c) => known.channels.includes(c), `must be a configured channel (${known.channels.join(', ')})`));
	const queue = v.pipe(v.string(), v.check((q) => known.queues.includes(q), `must be a configured queue (${known.queues.join(', ')})`));
	return v.object({
		channels: v.pipe(v.array(channel, 'must be a list of configured channels'), v.minLength(1, `must be a non-empty list of configured channels (${known.channels.join(', ')})`)),
		queues: v.optional(v.array(queue, 'must be a list of configured queues'), []),
		/** next N weeks, or the next occurrence of a peak event (built-in name or custom dates) */
		horizon: v.optional(v.variant('kind', [WeeksHorizon, EventHorizon], 'must be {kind: "weeks", weeks} or {kind: "event", event[, dateStart, dateEnd]}'), { kind: 'weeks', weeks: 4 }),
		model: v.optional(v.picklist(PLAN_MODELS, 'must be auto, topdown, combo, avg4w or snaive'), 'auto'),
		intervalMin: v.optional(v.picklist([15, 30], 'must be 15 or 30'), 15),
		upliftOverrides: v.optional(v.array(UpliftOverrideSchema), [])
	});
}

/** What a planner asks for, checked. */
export type PlanRequest = v.InferOutput<ReturnType<typeof planRequestSchema>>;
/** What the page sends (defaults not yet applied). */
export type PlanRequestInput = v.InferInput<ReturnType<typeof planRequestSchema>>;
