import * as v from 'valibot';

/**
 * A saved what-if scenario of /planning (issue 23): one schema for the request that saves it, for
 * the row read back from storage and for the pages that list and load it (`/planning`,
 * `/planning/schedule`). Types are inferred here and imported by the pages; nothing redeclares them.
 * Objects are loose: the planning page may add an input to what it saves without a schema change
 * here, and an older scenario without one still loads. What other code reads is checked.
 */

/** The staffing requirement the plan produced: scheduled agents per interval (what /planning/schedule builds shifts for). */
export const ScenarioRequirementSchema = v.object({
	intervalMin: v.pipe(v.number(), v.integer(), v.minValue(1)),
	points: v.array(v.tuple([v.string(), v.number()]))
});

/** The plan inputs and the what-if values, as the page sent them. */
export const ScenarioParamsSchema = v.looseObject({
	/** the forecast request (channels, queues, horizon, model, interval, event overrides) */
	request: v.optional(v.looseObject({})),
	/** the staffing what-if values, by channel id */
	staffing: v.optional(v.record(v.string(), v.looseObject({}))),
	requirement: v.optional(ScenarioRequirementSchema)
});

/** Totals per channel, for comparing scenarios without recomputing. */
export const ScenarioSummarySchema = v.nullable(
	v.record(v.string(), v.looseObject({ peakScheduled: v.number(), scheduledHours: v.number(), volume: v.number() }))
);

/** POST /api/v1/scenarios: `{name, params, summary}`; an `id` overwrites that scenario. */
export const ScenarioInputSchema = v.object({
	id: v.optional(v.pipe(v.string(), v.uuid('must be the id of a saved scenario (a UUID)'))),
	name: v.pipe(v.string(), v.trim(), v.minLength(1, 'a scenario needs a name'), v.maxLength(120, 'a name has 120 characters at most')),
	params: ScenarioParamsSchema,
	summary: v.optional(ScenarioSummarySchema, null)
});
export type ScenarioInput = v.InferOutput<typeof ScenarioInputSchema>;

/** A saved scenario as GET /api/v1/scenarios lists it. */
export interface Scenario {
	id: string;
	name: string;
	savedBy: string;
	savedAtMs: number;
	params: v.InferOutput<typeof ScenarioParamsSchema>;
	summary: v.InferOutput<typeof ScenarioSummarySchema>;
}
