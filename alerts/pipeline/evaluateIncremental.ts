/**
 * Stage 1, incremental: the same evaluations as {@link evaluateSnapshot} for every item that can
 * matter this step, skipping the items that provably cannot (issue 24: the 1 s tick re-read every
 * open contact's clocks on the ingest thread).
 *
 * An item is skipped when all of these hold:
 * - at its last evaluation every contact rule applying to it was at level 0 (condition false);
 * - it is unchanged since then (every field equal: same rules apply, same clock starts and stops);
 * - no alert owns any of its keys now (no open alert, no manual-resolve suppressor);
 * - the step instant is before its next possible change: the earliest instant at which one of its
 *   clocks could start or reach a level's threshold. A clock counts business time, never more than
 *   wall time, and pauses only hold it, so a clock at `elapsed` cannot reach `threshold` before
 *   `now + (threshold − elapsed)`: that instant is a safe lower bound whatever the calendar and
 *   pauses. A stopped clock stays stopped (its stop lies in the past); a clock without a start
 *   waits for the item to change.
 *
 * A skipped item would have evaluated to level 0 on every key with no alert behind it, which the
 * lifecycle stage ignores (it only looks up keys of existing alerts, and starts episodes for
 * levels > 0); so the step's outcome is the full evaluation's. `tests/alerts/incremental.test.ts`
 * checks it against {@link evaluateSnapshot}'s step on random worlds.
 */
import { readClock, startAndStop } from '../clocks/readClock';
import type { CompiledConfig, CompiledRule } from '../engine/compileConfig';
import type { AlertRecord } from '../engine/state';
import { LEVEL_KEYS, type ContactRule } from '../rules/ruleTypes';
import type { OpenItem, Snapshot } from '../types';
import { evaluateAggregatesAndSources, evaluateItem, type Evaluation, type EvaluationResult } from './evaluate';

interface ItemMemo {
	/** a copy of the item as last evaluated */
	item: OpenItem;
	/** its alert keys */
	keys: string[];
	/** evaluate again at or after this instant */
	nextDueMs: number;
}

/** What the incremental evaluation remembers between steps (one per compiled configuration). */
export class EvaluationMemo {
	readonly items = new Map<string, ItemMemo>();
	/** items evaluated / skipped at the last step (for benches and tests) */
	lastEvaluated = 0;
	lastSkipped = 0;
}

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	for (const k of ka) {
		if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
		if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
	}
	return true;
}

/** Deep copy of an item's plain data (items are small; nested: pausedIntervals, milestonesMs). */
function copyItem(item: OpenItem): OpenItem {
	return structuredCopy(item) as OpenItem;
}

function structuredCopy(v: unknown): unknown {
	if (typeof v !== 'object' || v === null) return v;
	if (Array.isArray(v)) return v.map(structuredCopy);
	const out: Record<string, unknown> = {};
	for (const k of Object.keys(v)) out[k] = structuredCopy((v as Record<string, unknown>)[k]);
	return out;
}

/**
 * The earliest instant at which one of the rule's level conditions could become true for the
 * unchanged item, given that none is true at `nowMs`.
 */
function nextPossibleChangeMs(cr: CompiledRule, item: OpenItem, nowMs: number): number {
	const rule = cr.rule as ContactRule;
	let due = Number.POSITIVE_INFINITY;
	for (const lk of LEVEL_KEYS) {
		const spec = rule.levels[lk];
		const clock = spec.clock ?? rule.clock;
		const { start } = startAndStop(item, clock);
		if (start == null) continue; // starts only when the item changes
		if (start > nowMs) {
			due = Math.min(due, start);
			continue;
		}
		const r = readClock(item, clock, nowMs, cr.calendar, rule.pauseWhenStates);
		if (r.stopped) continue; // the stop is in the past: stays stopped
		due = Math.min(due, nowMs + Math.max(1, spec.thresholdMs - r.elapsedMs));
	}
	return due;
}

/**
 * Evaluates a snapshot like {@link evaluateSnapshot}, skipping items that cannot change the step
 * (see the module comment). Updates `memo`.
 *
 * @param current the alert that owns each key now (`currentByKey(state.alerts)`)
 * @example
 * const memo = new EvaluationMemo();
 * const result = evaluateSnapshotIncremental(compiled, snapshot, now, memo, currentByKey(state.alerts));
 */
export function evaluateSnapshotIncremental(
	compiled: CompiledConfig,
	snapshot: Snapshot,
	nowMs: number,
	memo: EvaluationMemo,
	current: ReadonlyMap<string, AlertRecord>
): EvaluationResult {
	const evaluations = new Map<string, Evaluation>();
	const itemIds = new Set<string>();
	for (const item of snapshot.items) itemIds.add(item.id);
	// two items with one id: the full evaluation's last-wins order cannot be kept while skipping
	const canSkip = itemIds.size === snapshot.items.length;
	if (!canSkip) memo.items.clear();
	let evaluated = 0;
	for (const item of snapshot.items) {
		const m = canSkip ? memo.items.get(item.id) : undefined;
		if (m && nowMs < m.nextDueMs && !m.keys.some((k) => current.has(k)) && sameValue(m.item, item)) continue;
		evaluated++;
		const evs = evaluateItem(compiled, item, nowMs, evaluations);
		if (!canSkip) continue;
		if (evs.every((e) => e.level === 0)) {
			let due = Number.POSITIVE_INFINITY;
			for (const e of evs) due = Math.min(due, nextPossibleChangeMs(e.compiled, item, nowMs));
			memo.items.set(item.id, { item: copyItem(item), keys: evs.map((e) => e.key), nextDueMs: due });
		} else {
			memo.items.delete(item.id);
		}
	}
	if (canSkip && memo.items.size > itemIds.size) for (const id of memo.items.keys()) if (!itemIds.has(id)) memo.items.delete(id);
	memo.lastEvaluated = evaluated;
	memo.lastSkipped = snapshot.items.length - evaluated;
	evaluateAggregatesAndSources(compiled, snapshot, nowMs, evaluations);
	return { evaluations, itemIds };
}
