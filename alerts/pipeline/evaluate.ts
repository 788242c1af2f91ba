/**
 * Stage 1 — evaluate: reads every applicable rule against the snapshot and says, per watched
 * key, which level the condition is at now. No state is read or written here.
 */
import { readClock, type ClockReading } from '../clocks/readClock';
import type { CompiledConfig, CompiledRule } from '../engine/compileConfig';
import { clockKeyOf } from '../engine/compileConfig';
import type { AlertValue } from '../engine/state';
import { matchPattern } from '../rules/matchPattern';
import type { AggregateRule, ClockSpec, ContactRule, SourceRule } from '../rules/ruleTypes';
import { LEVEL_KEYS, RATE_METRICS } from '../rules/ruleTypes';
import type { ChannelAggregate, Labels, LevelOrNone, OpenItem, Snapshot, SourceActivity } from '../types';

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
	/** No data to judge (unknown value, rule without noData = alert): change nothing but the shown value. */
	hold: boolean;
	/** The value is unknown (null/NaN/∞). */
	noData: boolean;
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

export function better(a: CompiledRule, b: CompiledRule | undefined): boolean {
	return !b || a.specificity > b.specificity || (a.specificity === b.specificity && a.index < b.index);
}

export function evaluateContact(compiled: CompiledRule, item: OpenItem, nowMs: number): Evaluation {
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
		noData: false,
		value: { clockMs: main.started ? main.elapsedMs : null, thresholdMs, metricValue: null, threshold: null }
	};
}

/**
 * Value of an aggregate metric, or null when it is unknown (the aggregate lacks the figures, or
 * the arithmetic gives NaN/∞). An unknown value is a state of its own ("no data"), never a
 * reason to fire.
 *
 * predicted_wait_sec = waitingCount × ahtSec ÷ (agentsStaffed × concurrency): the work queued
 * divided by the capacity of the agents staffed on the channel (a fluid approximation: busy
 * agents free up at the AHT rate, so the figure is defined when no agent is free). Nobody staffed
 * while contacts wait → null (no data; the contact rules still see every wait).
 *
 * @example
 * aggregateMetricValue('predicted_wait_sec', { channel: 'chat', queue: null, waitingCount: 10, ahtSec: 60, agentsStaffed: 5 }); // 120
 */
export function aggregateMetricValue(metric: AggregateRule['metric'], agg: ChannelAggregate): number | null {
	const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);
	switch (metric) {
		case 'sl_deficit_pts':
			return agg.sl15Pct == null || agg.targetPct == null ? null : finite(agg.targetPct - agg.sl15Pct);
		case 'backlog_count':
			return finite(agg.waitingCount);
		case 'predicted_wait_sec': {
			if (!Number.isFinite(agg.waitingCount)) return null;
			if (agg.waitingCount <= 0) return 0;
			const staffed = agg.agentsStaffed ?? agg.agentsAvailable;
			if (agg.ahtSec == null || staffed == null) return null;
			const capacity = staffed * (agg.concurrency ?? 1);
			return capacity > 0 ? finite((agg.waitingCount * agg.ahtSec) / capacity) : null;
		}
	}
}

export function evaluateAggregate(compiled: CompiledRule, agg: ChannelAggregate, nowMs: number): Evaluation {
	const rule = compiled.rule as AggregateRule;
	const value = aggregateMetricValue(rule.metric, agg);
	const offered = agg.offeredCount ?? null;
	const isRate = RATE_METRICS.includes(rule.metric);
	// a source that does not report offered counts (offeredCount absent) is evaluated as before
	const lowVolume = isRate && value !== null && offered !== null && offered < (rule.minOffered ?? 0);
	const noData = value === null;
	let level: LevelOrNone = 0;
	if (noData) {
		// alertable only by a rule that asks for it, and then never above L1
		if (rule.noData === 'alert') level = 1;
	} else if (!lowVolume) {
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
		hold: noData && rule.noData !== 'alert',
		noData,
		value: {
			clockMs: null,
			thresholdMs: null,
			metricValue: value,
			threshold: rule.levels[level === 0 ? 'l1' : LEVEL_KEYS[level - 1]].threshold,
			dataState: noData ? 'no_data' : lowVolume ? 'low_volume' : 'ok',
			offered: isRate ? offered : null
		}
	};
}

/** Alert key of a silent-source rule applied to a source. */
export function sourceAlertKey(ruleId: string, source: string): string {
	return `s:${ruleId}:${source}`;
}

/**
 * Silent source: business minutes since the source's last event (or since it became known),
 * counted on the rule's calendar, so a feed that is quiet overnight is not "silent" at opening.
 */
export function evaluateSource(compiled: CompiledRule, src: SourceActivity, nowMs: number): Evaluation {
	const rule = compiled.rule as SourceRule;
	const since = src.lastEventAtMs ?? src.knownSinceMs;
	const minutes = since <= nowMs ? compiled.calendar.businessMs(since, nowMs) / 60_000 : 0;
	let level: LevelOrNone = 0;
	LEVEL_KEYS.forEach((lk, i) => {
		if (minutes >= rule.levels[lk].threshold) level = (i + 1) as LevelOrNone;
	});
	return {
		key: sourceAlertKey(rule.id, src.source),
		compiled,
		kind: 'aggregate',
		labels: { kind: 'aggregate', scope: 'source', rule: rule.id, channel: '', queue: '*', source: src.source, metric: 'source_silent_min' },
		level,
		frozen: !compiled.calendar.isOpen(nowMs),
		hold: false,
		noData: false,
		value: { clockMs: null, thresholdMs: null, metricValue: Math.floor(minutes * 10) / 10, threshold: rule.levels[level === 0 ? 'l1' : LEVEL_KEYS[level - 1]].threshold, dataState: 'ok', offered: null }
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
		evaluateItem(compiled, item, nowMs, evaluations);
	}
	evaluateAggregatesAndSources(compiled, snapshot, nowMs, evaluations);
	return { evaluations, itemIds };
}

/**
 * Evaluates the contact rules that apply to one item (the most specific per clock) into
 * `evaluations`; returns the item's evaluations.
 */
export function evaluateItem(compiled: CompiledConfig, item: OpenItem, nowMs: number, evaluations: Map<string, Evaluation>): Evaluation[] {
	const best = new Map<string, CompiledRule>();
	for (const cr of compiled.enabledContactRules) {
		const m = (cr.rule as ContactRule).match;
		if (!matchPattern(m.channel, item.channel) || !matchPattern(m.queue, item.queue) || !matchPattern(m.priority, item.priority)) continue;
		if (better(cr, best.get(cr.clockKey))) best.set(cr.clockKey, cr);
	}
	const out: Evaluation[] = [];
	for (const cr of best.values()) {
		const ev = evaluateContact(cr, item, nowMs);
		evaluations.set(ev.key, ev);
		out.push(ev);
	}
	return out;
}

/** Evaluates the aggregate and silent-source rules of a snapshot into `evaluations`. */
export function evaluateAggregatesAndSources(compiled: CompiledConfig, snapshot: Snapshot, nowMs: number, evaluations: Map<string, Evaluation>): void {
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
	for (const src of snapshot.sources ?? []) {
		let best: CompiledRule | undefined;
		for (const cr of compiled.enabledSourceRules) {
			if (!matchPattern((cr.rule as SourceRule).match.source, src.source)) continue;
			if (better(cr, best)) best = cr;
		}
		if (best) {
			const ev = evaluateSource(best, src, nowMs);
			evaluations.set(ev.key, ev);
		}
	}
}
