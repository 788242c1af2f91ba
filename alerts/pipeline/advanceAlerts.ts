/**
 * Stage 2 — lifecycle: moves alert records between pending, firing (level), acknowledged and
 * resolved according to the evaluations.
 *
 *   (none) ──condition──▶ pending ──forMs──▶ firing L1 ─▶ L2 ─▶ L3
 *                                              │   ▲
 *                                          ack │   │ ack timeout (re-arm)
 *                                              ▼   │
 *                                          acknowledged  (escalation stopped)
 *   any active ──condition false for clearForMs / item gone / manual──▶ resolved
 *
 * A level never goes down within an episode; a new episode (new id) starts when the condition
 * returns after resolution.
 */
import type { CompiledConfig } from '../engine/compileConfig';
import type { AlertRecord, ResolveReason } from '../engine/state';
import { transitionOf, type AlertTransition } from '../engine/transition';
import type { Level, LevelOrNone } from '../types';
import { LEVEL_KEYS, type AlertRule } from '../rules/ruleTypes';
import type { Evaluation, EvaluationResult } from './evaluate';

export interface AdvanceResult {
	transitions: AlertTransition[];
	/** Ids of alerts created or changed (status, level, ack, labels). */
	changed: Set<string>;
}

/** The record that currently owns each key: an active one, or a manually resolved suppressor. */
export function currentByKey(alerts: Record<string, AlertRecord>): Map<string, AlertRecord> {
	const map = new Map<string, AlertRecord>();
	for (const a of Object.values(alerts)) {
		if (a.status !== 'resolved' || a.suppressUntilClear) map.set(a.key, a);
	}
	return map;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
	const ka = Object.keys(a);
	if (ka.length !== Object.keys(b).length) return false;
	return ka.every((k) => a[k] === b[k]);
}

/** sameLabels({ ...evLabels, level }, labels) without building the object (it runs for every alert every step). */
function sameLabelsWithLevel(evLabels: Record<string, string>, level: string, labels: Record<string, string>): boolean {
	let n = 0;
	for (const k in evLabels) {
		if (k === 'level') return sameLabels({ ...evLabels, level }, labels);
		if (evLabels[k] !== labels[k]) return false;
		n++;
	}
	return labels.level === level && Object.keys(labels).length === n + 1;
}

/** The threshold of one level of a rule, in the unit of the alert's value (ms for contact rules). */
function levelThreshold(rule: AlertRule, level: Level): number {
	const spec = rule.levels[LEVEL_KEYS[level - 1]];
	return 'thresholdMs' in spec ? spec.thresholdMs : spec.threshold;
}

function raiseTo(alert: AlertRecord, level: Level, nowMs: number, rule: AlertRule): void {
	const value = alert.kind === 'contact' ? alert.value.clockMs : alert.value.metricValue;
	for (let l = (alert.level + 1) as Level; l <= level; l++) {
		alert.levelReachedAtMs[String(l) as '1' | '2' | '3'] = nowMs;
		// each level with its own threshold: an alert that jumps to L3 shows what L1 and L2 were too
		alert.levelReadings = { ...alert.levelReadings, [String(l)]: { value, threshold: levelThreshold(rule, l) } };
	}
	alert.level = level;
	alert.labels.level = String(level);
}

/** Resolves an active alert (exported for the manual-resolve command). */
export function resolveAlert(
	alert: AlertRecord,
	reason: ResolveReason,
	nowMs: number,
	by: string | null,
	out: AdvanceResult
): void {
	const from = { status: alert.status, level: alert.level };
	alert.status = 'resolved';
	alert.resolvedAtMs = nowMs;
	alert.resolvedBy = by;
	alert.resolveReason = reason;
	alert.clearSinceMs = null;
	alert.updatedAtMs = nowMs;
	out.changed.add(alert.id);
	out.transitions.push(transitionOf(alert, 'resolved', from, nowMs, by, reason));
}

function createAlert(ev: Evaluation, nowMs: number): AlertRecord {
	return {
		id: `${ev.key}@${nowMs}`,
		key: ev.key,
		ruleId: ev.compiled.rule.id,
		ruleName: ev.compiled.rule.name,
		ruleNameEn: ev.compiled.rule.nameEn ?? ev.compiled.rule.name,
		kind: ev.kind,
		labels: { ...ev.labels, level: '0' },
		status: 'pending',
		level: 0,
		pendingLevel: ev.level,
		startedAtMs: nowMs,
		levelReachedAtMs: {},
		updatedAtMs: nowMs,
		value: ev.value,
		noDataSinceMs: ev.noData ? nowMs : null,
		ack: null,
		clearSinceMs: null,
		resolvedAtMs: null,
		resolvedBy: null,
		resolveReason: null,
		suppressUntilClear: false,
		mutedBy: []
	};
}

function fire(alert: AlertRecord, level: Level, nowMs: number, out: AdvanceResult, rule: AlertRule): void {
	const from = { status: alert.status, level: alert.level };
	alert.status = 'firing';
	raiseTo(alert, level, nowMs, rule);
	alert.updatedAtMs = nowMs;
	out.changed.add(alert.id);
	out.transitions.push(transitionOf(alert, 'firing', from, nowMs));
}

/**
 * Applies one step of evaluations to the alert records (mutates `alerts`, which must be the
 * step's private copy).
 *
 * @param alerts alert records by id (mutated)
 * @param result output of `evaluateSnapshot`
 * @param compiled compiled configuration (for forMs, clearForMs, rule existence)
 * @param nowMs step instant
 * @throws never
 * @example
 * const { transitions } = advanceAlerts(state.alerts, evaluateSnapshot(compiled, snapshot, now), compiled, now);
 */
export function advanceAlerts(
	alerts: Record<string, AlertRecord>,
	result: EvaluationResult,
	compiled: CompiledConfig,
	nowMs: number,
	/** `currentByKey(alerts)` when the caller has it already */
	current: Map<string, AlertRecord> = currentByKey(alerts)
): AdvanceResult {
	const out: AdvanceResult = { transitions: [], changed: new Set() };

	// Existing alerts first: re-arm, escalate, resolve.
	for (const alert of current.values()) {
		const ev = result.evaluations.get(alert.key);
		const ruleNow = compiled.rulesById.get(alert.ruleId);

		if (alert.status === 'resolved') {
			// Manually resolved while the condition held: lift the suppression once it clears.
			if (!ev || (ev.level === 0 && !ev.hold)) {
				alert.suppressUntilClear = false;
				alert.updatedAtMs = nowMs;
				out.changed.add(alert.id);
			}
			continue;
		}

		if (!ev) {
			if (!ruleNow || !ruleNow.rule.enabled) resolveAlert(alert, 'rule_removed', nowMs, null, out);
			else if (alert.kind === 'aggregate') continue; // aggregate missing from the snapshot: hold
			else if (!result.itemIds.has(alert.labels.item)) resolveAlert(alert, 'item_gone', nowMs, null, out);
			else resolveAlert(alert, 'rule_no_longer_applies', nowMs, null, out);
			continue;
		}
		if (ev.noData) {
			if (alert.noDataSinceMs == null) {
				alert.noDataSinceMs = nowMs;
				alert.updatedAtMs = nowMs;
				out.changed.add(alert.id);
			}
		} else if (alert.noDataSinceMs != null) {
			alert.noDataSinceMs = null;
			alert.updatedAtMs = nowMs;
			out.changed.add(alert.id);
		}
		if (ev.hold) {
			// shown as "no data"; the level, status and clear timer stay as they were
			alert.value = { ...alert.value, metricValue: null, dataState: 'no_data' };
			continue;
		}

		alert.value = ev.value;
		if (!sameLabelsWithLevel(ev.labels, String(alert.level), alert.labels)) {
			alert.labels = { ...ev.labels, level: String(alert.level) };
			alert.updatedAtMs = nowMs;
			out.changed.add(alert.id);
		}

		if (alert.status === 'acknowledged' && alert.ack && nowMs >= alert.ack.untilMs) {
			const from = { status: alert.status, level: alert.level };
			alert.status = 'firing';
			alert.updatedAtMs = nowMs;
			out.changed.add(alert.id);
			out.transitions.push(transitionOf(alert, 'rearmed', from, nowMs, null, `acknowledgement by ${alert.ack.by} expired`));
		}

		if (ev.level === 0) {
			if (alert.status === 'pending') {
				resolveAlert(alert, 'condition_cleared', nowMs, null, out);
				continue;
			}
			if (alert.clearSinceMs === null) alert.clearSinceMs = nowMs;
			if (nowMs - alert.clearSinceMs >= ev.compiled.rule.clearForMs) resolveAlert(alert, 'condition_cleared', nowMs, null, out);
			continue;
		}
		alert.clearSinceMs = null;

		if (alert.status === 'pending') {
			if (!ev.frozen && ev.level > alert.pendingLevel) alert.pendingLevel = ev.level;
			if (!ev.frozen && nowMs - alert.startedAtMs >= ev.compiled.rule.forMs) fire(alert, alert.pendingLevel as Level, nowMs, out, ev.compiled.rule);
			continue;
		}
		if (alert.status === 'firing' && !ev.frozen && !ev.noData && ev.level > alert.level) {
			const from = { status: alert.status, level: alert.level };
			raiseTo(alert, ev.level, nowMs, ev.compiled.rule);
			alert.updatedAtMs = nowMs;
			out.changed.add(alert.id);
			out.transitions.push(transitionOf(alert, 'escalated', from, nowMs));
		}
	}

	// New episodes.
	for (const ev of result.evaluations.values()) {
		if (ev.level === 0 || ev.frozen || ev.hold || current.has(ev.key)) continue;
		const alert = createAlert(ev, nowMs);
		// Two steps at the same instant could otherwise reuse a just-resolved episode's id.
		for (let n = 2; alerts[alert.id]; n++) alert.id = `${ev.key}@${nowMs}#${n}`;
		alerts[alert.id] = alert;
		out.changed.add(alert.id);
		if (ev.compiled.rule.forMs === 0) {
			fire(alert, ev.level as Level, nowMs, out, ev.compiled.rule);
		} else {
			out.transitions.push(transitionOf(alert, 'pending', { status: null, level: 0 as LevelOrNone }, nowMs));
		}
	}
	return out;
}
