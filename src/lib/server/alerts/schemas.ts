import * as v from 'valibot';
import type { AlertRecord, NotificationLogEntry, Silence } from '$alerts/index';
import { MatcherSchema } from '$lib/types/alerts';

/**
 * Schemas of the alert engine's records as they are read back from storage (issue 23, decision
 * 0120). The pure `alerts/` library declares the types and has no dependencies, so the schemas live
 * here and are checked against its types (`v.GenericSchema<unknown, T>`): a field the library adds
 * or retypes fails svelte-check here until the schema follows. Objects are loose: a field written
 * by a newer version is kept, not stripped; the fields the server reads must be there and typed.
 */

const level = v.picklist([1, 2, 3]);
const levelOrNone = v.picklist([0, 1, 2, 3]);
const nullableNumber = v.nullable(v.number());
const levelKeyed = <T>(s: v.GenericSchema<unknown, T>) => v.partial(v.looseObject({ '1': s, '2': s, '3': s }));

export const SilenceSchema: v.GenericSchema<unknown, Silence> = v.looseObject({
	id: v.string(),
	matchers: v.array(MatcherSchema),
	startsAtMs: v.number(),
	endsAtMs: v.number(),
	createdBy: v.string(),
	comment: v.string()
});

export const AlertRecordSchema: v.GenericSchema<unknown, AlertRecord> = v.looseObject({
	id: v.string(),
	key: v.string(),
	ruleId: v.string(),
	ruleName: v.string(),
	ruleNameEn: v.optional(v.string()),
	kind: v.picklist(['contact', 'aggregate']),
	labels: v.record(v.string(), v.string()),
	status: v.picklist(['pending', 'firing', 'acknowledged', 'resolved']),
	level: levelOrNone,
	pendingLevel: levelOrNone,
	startedAtMs: v.number(),
	levelReachedAtMs: levelKeyed(v.number()),
	levelReadings: v.optional(levelKeyed(v.object({ value: nullableNumber, threshold: nullableNumber }))),
	noDataSinceMs: v.optional(nullableNumber),
	updatedAtMs: v.number(),
	value: v.looseObject({
		clockMs: nullableNumber,
		thresholdMs: nullableNumber,
		metricValue: nullableNumber,
		threshold: nullableNumber,
		dataState: v.optional(v.picklist(['ok', 'no_data', 'low_volume'])),
		offered: v.optional(nullableNumber)
	}),
	ack: v.nullable(v.object({ by: v.string(), atMs: v.number(), untilMs: v.number(), claim: v.boolean(), note: v.nullable(v.string()) })),
	clearSinceMs: nullableNumber,
	resolvedAtMs: nullableNumber,
	resolvedBy: v.nullable(v.string()),
	resolveReason: v.nullable(v.picklist(['condition_cleared', 'item_gone', 'rule_no_longer_applies', 'rule_removed', 'manual'])),
	suppressUntilClear: v.boolean(),
	mutedBy: v.array(v.string())
});

export const NotificationLogEntrySchema: v.GenericSchema<unknown, NotificationLogEntry> = v.looseObject({
	logKey: v.string(),
	alertId: v.string(),
	alertKey: v.string(),
	ruleId: v.string(),
	kind: v.picklist(['firing', 'repeat', 'resolved']),
	level,
	seq: v.number(),
	recipient: v.object({
		key: v.string(),
		type: v.picklist(['team', 'supervisor', 'manager', 'user', 'target']),
		teamId: v.nullable(v.string()),
		channel: v.string(),
		id: v.nullable(v.string())
	}),
	groupKey: v.string(),
	intentId: v.string(),
	emittedAtMs: v.number(),
	status: v.picklist(['emitted', 'delivered', 'failed']),
	settledAtMs: nullableNumber,
	error: v.nullable(v.string())
});
