import * as v from 'valibot';

/**
 * Alert silences as the API takes them (issue 23): one schema for POST /api/v1/alerts/silences,
 * the records read back from storage (src/lib/server/alerts/schemas.ts) and the alerts page. The
 * alert engine's own check (`validateSilence` in alerts/) still runs when the service adds it.
 */

/** A label matcher of a silence or an inhibit rule (alerts/rules/ruleTypes.ts `Matcher`). */
export const MatcherSchema = v.variant('op', [
	v.object({ label: v.pipe(v.string(), v.minLength(1, 'name a label, e.g. "channel"')), op: v.picklist(['=', '!=', 'glob']), value: v.string() }),
	v.object({ label: v.pipe(v.string(), v.minLength(1, 'name a label, e.g. "level"')), op: v.picklist(['in', 'notIn']), values: v.array(v.string()) })
]);
export type Matcher = v.InferOutput<typeof MatcherSchema>;

const instant = v.pipe(v.number('epoch milliseconds'), v.integer('epoch milliseconds (a whole number)'), v.minValue(0, 'epoch milliseconds (≥ 0)'));

/** POST /api/v1/alerts/silences: the creator is the signed-in person, the id is made by the server. */
export const SilenceInputSchema = v.pipe(
	v.object({
		matchers: v.pipe(v.array(MatcherSchema), v.minLength(1, 'at least one matcher (an empty list would silence every alert)')),
		startsAtMs: instant,
		endsAtMs: instant,
		comment: v.pipe(v.string(), v.trim(), v.minLength(1, 'give the reason for the silence (a non-empty string), e.g. "双11 大促夜 23:30–02:00"'), v.maxLength(500))
	}),
	v.forward(
		v.check((s) => s.endsAtMs > s.startsAtMs, 'must be after startsAtMs'),
		['endsAtMs']
	)
);
export type SilenceInput = v.InferOutput<typeof SilenceInputSchema>;
