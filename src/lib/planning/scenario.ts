/**
 * The planning page's inputs as one declared shape (browser-safe, pure): the request form, the
 * what-if values per channel, and a saved scenario's `params`, which are exactly these. Schemas are
 * valibot (decision 0023); the types are inferred from them, so what the page keeps, saves and loads
 * back is declared once, and a scenario read back from storage is checked before the page uses it.
 */
import * as v from 'valibot';
import type { ChannelConfig } from '$lib/types/domain';
import type { LearnedParams, PlanRequest } from '$lib/types/planning';
import { PLAN_MODELS } from '$lib/types/planRequest';
import { ScenarioRequirementSchema, ScenarioSummarySchema } from '$lib/types/scenario';
import type { DayOverride } from './eventOverrides';
import type { StaffingParams } from './staffingPlan';

const optionalNumber = v.optional(v.nullable(v.number()), null);

/** A channel's what-if values as the form shows them (percentages and seconds, as typed). */
export const WhatIfSchema = v.object({
	ahtSec: v.number(),
	slTargetPct: v.number(),
	targetSec: v.number(),
	concurrency: v.number(),
	/** chat AHT per concurrency level, comma-separated seconds ('' = the divisor model) */
	concurrencyAht: v.optional(v.string(), ''),
	shrinkagePct: v.number(),
	maxOccupancyPct: optionalNumber,
	patienceSec: optionalNumber,
	maxAbandonPct: optionalNumber,
	quantile: v.picklist(['forecast', 'p50', 'p80', 'p90']),
	upliftPct: v.number(),
	fixed: v.optional(v.number(), 0),
	temporary: v.optional(v.number(), 0),
	outsourced: v.optional(v.number(), 0)
});
export type WhatIf = v.InferOutput<typeof WhatIfSchema>;

export const MODELS = PLAN_MODELS;

/** The request form (channels, queues, horizon, model, interval). */
export const PlanFormSchema = v.object({
	channels: v.array(v.string()),
	queues: v.array(v.string()),
	horizonKind: v.picklist(['weeks', 'event']),
	weeks: v.number(),
	/** double11, 618, double12 or custom */
	eventName: v.string(),
	customStart: v.string(),
	customEnd: v.string(),
	model: v.picklist(MODELS),
	intervalMin: v.picklist([15, 30])
});
export type PlanForm = v.InferOutput<typeof PlanFormSchema>;

const DayOverrideSchema = v.object({ eventName: v.string(), date: v.string(), upliftFactor: v.number(), reason: v.optional(v.string(), '') });

/** Scheduled agents per interval summed over the plan's channels: what /planning/schedule builds shifts for. */
export const RequirementSchema = ScenarioRequirementSchema;
export type Requirement = v.InferOutput<typeof RequirementSchema>;

/** A scenario's `params` as the planning page saves them. */
export const ScenarioParamsSchema = v.object({
	request: v.object({ ...PlanFormSchema.entries, upliftOverrides: v.optional(v.array(DayOverrideSchema), []) }),
	staffing: v.record(v.string(), WhatIfSchema),
	requirement: v.optional(RequirementSchema)
});
export type ScenarioParams = v.InferOutput<typeof ScenarioParamsSchema>;

/** A saved scenario's params, or the problems (`request.weeks: …`) that keep the page from loading it. */
export function parseScenarioParams(params: unknown): { ok: true; params: ScenarioParams } | { ok: false; problems: string[] } {
	const r = v.safeParse(ScenarioParamsSchema, params);
	if (r.success) return { ok: true, params: r.output };
	return { ok: false, problems: r.issues.map((i) => `${v.getDotPath(i) ?? 'params'}: ${i.message}`) };
}

/** The forecast request the form describes, with the planner's day overrides. */
export function planRequestOf(form: PlanForm, upliftOverrides: DayOverride[]): PlanRequest {
	const horizon: PlanRequest['horizon'] =
		form.horizonKind === 'weeks'
			? { kind: 'weeks', weeks: form.weeks }
			: form.eventName === 'custom'
				? { kind: 'event', event: 'custom', dateStart: form.customStart, dateEnd: form.customEnd }
				: { kind: 'event', event: form.eventName };
	return { channels: form.channels, queues: form.queues, horizon, model: form.model, intervalMin: form.intervalMin, upliftOverrides };
}

type PlanChannel = Pick<ChannelConfig, 'id' | 'kind' | 'slTargetPct' | 'slTargetSec' | 'concurrency'>;

/**
 * A channel's starting what-if values: the learned AHT (else 600 s, 900 s for deferred channels),
 * the configured SL target, 30 % shrinkage, 85 % occupancy cap on realtime channels, staffed to P80;
 * chat gets per-level AHTs when each level up to its concurrency has at least 20 learned chats.
 */
export function defaultWhatIf(c: PlanChannel, learned: LearnedParams | null): WhatIf {
	const learnedAht = learned?.aht[c.id]?.ahtSec;
	const chatLevels = c.id === 'chat' && learned ? learned.chatAhtByConcurrency.filter((l) => l.level <= c.concurrency && l.chats >= 20) : [];
	return {
		ahtSec: Math.round(learnedAht ?? (c.kind === 'deferred' ? 900 : 600)),
		slTargetPct: c.slTargetPct,
		targetSec: c.slTargetSec,
		concurrency: c.concurrency,
		concurrencyAht: chatLevels.length > 1 && chatLevels.length === c.concurrency ? chatLevels.map((l) => Math.round(l.ahtSec)).join(',') : '',
		shrinkagePct: 30,
		maxOccupancyPct: c.kind === 'realtime' ? 85 : null,
		patienceSec: null,
		maxAbandonPct: null,
		quantile: 'p80',
		upliftPct: 100,
		fixed: 0,
		temporary: 0,
		outsourced: 0
	};
}

/** The staffing plan's parameters from the form's values (percentages to fractions; an emptied field is null). */
export function toStaffing(kind: ChannelConfig['kind'], p: WhatIf): StaffingParams {
	const levels = p.concurrencyAht
		.split(',')
		.map((s) => Number(s.trim()))
		.filter((x) => x > 0);
	const fraction = (pct: number | null | undefined) => (pct === null || pct === undefined ? null : pct / 100);
	return {
		kind,
		ahtSec: p.ahtSec,
		targetSec: p.targetSec,
		slTarget: p.slTargetPct / 100,
		maxOccupancy: fraction(p.maxOccupancyPct),
		shrinkage: p.shrinkagePct / 100,
		patienceSec: p.patienceSec ?? null,
		maxAbandon: fraction(p.maxAbandonPct),
		concurrency: p.concurrency,
		concurrencyAhtSec: levels.length > 1 ? levels : null,
		quantile: p.quantile,
		volumeFactor: p.upliftPct / 100
	};
}


/** The summary's comparison figures, or none when it is missing or not of that shape (the row still shows). */
export function scenarioSummaryOf(summary: unknown): NonNullable<v.InferOutput<typeof ScenarioSummarySchema>> {
	const r = v.safeParse(ScenarioSummarySchema, summary);
	return (r.success ? r.output : null) ?? {};
}
