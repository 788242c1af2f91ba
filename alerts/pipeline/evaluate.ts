/**
 * Stage 1 — evaluate: reads every applicable rule against the snapshot and says, per watched
 * key, which level the condition is at now. No state is read or written here.
 */
import { readClock, type ClockReading } from '../clocks/readClock';
import type { CompiledConfig, CompiledRule } from '../engine/compileConfig';
import { clockKeyOf } from '../engine/compileConfig';
import type { AlertValue } from '../engine/state';
import { matchPattern } from '../rules/matchPattern';
import type { AggregateRule, ClockSpec, ContactRule } from '../rules/ruleTypes';
import { LEVEL_KEYS } from '../rules/ruleTypes';
import type { ChannelAggregate, Labels, LevelOrNone, OpenItem, Snapshot } from '../types';

export interface Evaluation {
	key: string;
	compiled: CompiledRule;
	kind: 'contact' | 'aggregate';
	/** Labels without `level` (the lifecycle stage adds it). */
	labels: Labels;
	/** Level the condition is at now (0 = condition false). */
	level: LevelOrNone;
	/** Outside the rule's business hours (aggregate rules): may resolve, may not start or escalate. */
	frozen: boolean;
	/** No data to judge (aggregate without the figures the metric needs): change nothing. */
	hold: boolean;
	value: AlertValue;
}

export interface EvaluationResult {
	evaluations: Map<string, Evaluation>;
	/** Ids of all items in the snapshot (to tell "item gone" from "rule no longer applies"). */
	itemIds: Set<string>;
}

/** Alert key of a contact rule applied to an item. */
export function contactAlertKey(ruleId: string, itemId: string): string {
	return `c:${ruleId}:${itemId}`;
}

/** Alert key of an aggregate rule applied to a channel or queue. */
export function aggregateAlertKey(ruleId: string, channel: string, queue: string | null): string {
	return `a:${ruleId}:${channel}:${queue ?? '*'}`;
}

function better(a: CompiledRule, b: CompiledRule | undefined): boolean {
	return !b || a.specificity > b.specificity || (a.specificity === b.specificity && a.index < b.index);
}

function evaluateContact(compiled: CompiledRule, item: OpenItem, nowMs: number): Evaluation {
	const rule = compiled.rule as ContactRule;
	const readings = new Map<string, ClockReading>();
	const read = (clock: ClockSpec): ClockReading => {
		const k = clockKeyOf(clock);
		let r = readings.get(k);
		if (!r) {
			r = readClock(item, clock, nowMs, compiled.calendar, rule.pauseWhenStates);
			readings.set(k, r);
		}
		return r;
	};
	let level: LevelOrNone = 0;
	LEVEL_KEYS.forEach((lk, i) => {
		const spec = rule.levels[lk];
		const r = read(spec.clock ?? rule.clock);
		if (r.started && !r.stopped && r.elapsedMs >= spec.thresholdMs) level = (i + 1) as LevelOrNone;
	});
	const main = read(rule.clock);
	const thresholdMs = rule.levels[level === 0 ? 'l1' : LEVEL_KEYS[level - 1]].thresholdMs;
	return {
		key: contactAlertKey(rule.id, item.id),
		compiled,
		kind: 'contact',
		labels: {
			kind: 'contact',
			scope: 'item',
			rule: rule.id,
			channel: item.channel,
			queue: item.queue,
			priority: item.priority,
			team: item.teamId ?? 'unassigned',
			agent: item.agentId ?? '',
			item: item.id,
			clock: compiled.clockKey
		},
		level,
		frozen: false,
		hold: false,
		value: { clockMs: main.started ? main.elapsedMs : null, thresholdMs, metricValue: null, threshold: null }
	};
}

/**
 * Value of an aggregate metric, or null when the aggregate lacks the figures.
 *
 * predicted_wait_sec = waitingCount × ahtSec ÷ (agentsAvailable × concurrency): the work queued
 * ahead of the next arrival divided by the service capacity (a fluid approximation, as named in
 * issue 8); +∞ when contacts wait and no agent is available.
 *
 * @example
 * aggregateMetricValue('predicted_wait_sec', { channel: 'chat', queue: null, waitingCount: 10, ahtSec: 60, agentsAvailable: 5 }); // 120
 */
export function aggregateMetricValue(metric: AggregateRule['metric'], agg: ChannelAggregate): number | null {
	switch (metric) {
		case 'sl_deficit_pts':
			return agg.sl15Pct == null || agg.targetPct == null ? null : agg.targetPct - agg.sl15Pct;
		case 'backlog_count':
			return agg.waitingCount;
		case 'predicted_wait_sec': {
			if (agg.waitingCount <= 0) return 0;
			if (agg.ahtSec == null || agg.agentsAvailable == null) return null;
			const capacity = agg.agentsAvailable * (agg.concurrency ?? 1);
			return capacity > 0 ? (agg.waitingCount * agg.ahtSec) / capacity : Number.POSITIVE_INFINITY;
		}
	}
}

function evaluateAggregate(compiled: CompiledRule, agg: ChannelAggregate, nowMs: number): Evaluation {
	const rule = compiled.rule as AggregateRule;
	const value = aggregateMetricValue(rule.metric, agg);
	let level: LevelOrNone = 0;
	if (value !== null) {
		LEVEL_KEYS.forEach((lk, i) => {
			if (value >= rule.levels[lk].threshold) level = (i + 1) as LevelOrNone;
		});
	}
	return {
		key: aggregateAlertKey(rule.id, agg.channel, agg.queue),
		compiled,
		kind: 'aggregate',
		labels: {
			kind: 'aggregate',
			scope: agg.queue === null ? 'channel' : 'queue',
			rule: rule.id,
			channel: agg.channel,
			queue: agg.queue ?? '*',
			metric: rule.metric
		},
		level,
		frozen: !compiled.calendar.isOpen(nowMs),
		hold: value === null,
		value: {
			clockMs: null,
			thresholdMs: null,
			metricValue: value,
			threshold: rule.levels[level === 0 ? 'l1' : LEVEL_KEYS[level - 1]].threshold
		}
	};
}

/**
 * Evaluates all enabled rules. For each item and clock only the most specific matching rule
 * applies (exact value > glob > `*`, per field, channel first; ties go to the earlier rule), so
 * a VIP rule overrides the channel default instead of doubling its alerts.
 *
 * @param compiled compiled configuration
 * @param snapshot all open items and current aggregates
 * @param nowMs evaluation instant
 * @throws Error when an item's timestamps make a clock query impossible (e.g. NaN)
 * @example
 * const { evaluations } = evaluateSnapshot(compileConfig(defaultAlertConfig()), snapshot, Date.UTC(2025, 0, 1));
 */
export function evaluateSnapshot(compiled: CompiledConfig, snapshot: Snapshot, nowMs: number): EvaluationResult {
	const evaluations = new Map<string, Evaluation>();
	const itemIds = new Set<string>();
	for (const item of snapshot.items) {
		itemIds.add(item.id);
		const best = new Map<string, CompiledRule>();
		for (const cr of compiled.enabledContactRules) {
			const m = (cr.rule as ContactRule).match;
			if (!matchPattern(m.channel, item.channel) || !matchPattern(m.queue, item.queue) || !matchPattern(m.priority, item.priority)) continue;
			if (better(cr, best.get(cr.clockKey))) best.set(cr.clockKey, cr);
		}
		for (const cr of best.values()) {
			const ev = evaluateContact(cr, item, nowMs);
			evaluations.set(ev.key, ev);
		}
	}
	for (const agg of snapshot.aggregates) {
		const best = new Map<string, CompiledRule>();
		for (const cr of compiled.enabledAggregateRules) {
			const rule = cr.rule as AggregateRule;
			if ((rule.scope === 'channel') !== (agg.queue === null)) continue;
			if (!matchPattern(rule.match.channel, agg.channel)) continue;
			if (agg.queue !== null && !matchPattern(rule.match.queue, agg.queue)) continue;
			if (better(cr, best.get(cr.clockKey))) best.set(cr.clockKey, cr);
		}
		for (const cr of best.values()) {
			const ev = evaluateAggregate(cr, agg, nowMs);
			evaluations.set(ev.key, ev);
		}
	}
	return { evaluations, itemIds };
}
