/**
 * The engine step for a caller that owns its state (the server's alert service): the same pipeline
 * and the same results as {@link runStep}, made cheaper for many open contacts (issue 24):
 *
 * - the state is changed in place instead of copied first (`copyForStep` cloned every alert record,
 *   open and resolved, every second); the step's changed alerts are still returned, and a caller that
 *   keeps them past the next step must copy them;
 * - contact items are evaluated incrementally (`evaluateSnapshotIncremental`): an item whose rules
 *   are all at level 0 and that has not changed is not read again before its next possible threshold;
 * - notices already in the log are dropped before grouping (they would be dropped after it).
 *
 * `runStep` stays the pure reference; `tests/alerts/incremental.test.ts` runs both on random
 * worlds and compares every output and the state after each step.
 */
import { advanceAlerts, currentByKey, type AdvanceResult } from '../pipeline/advanceAlerts';
import { EvaluationMemo, evaluateSnapshotIncremental } from '../pipeline/evaluateIncremental';
import { applyCommandsTo } from './applyCommands';
import type { CompiledConfig } from './compileConfig';
import { notifyAndPrune } from './notifyAndPrune';
import type { EngineState } from './state';
import type { StepInput, StepResult } from './step';

/**
 * Runs one step on `state`, changing it (the returned `state` is the same object).
 *
 * @param memo what the incremental evaluation remembers; one per compiled configuration (a new
 *   configuration needs a new memo)
 * @throws Error when nowMs is not finite
 * @example
 * const memo = new EvaluationMemo();
 * const r = runStepInPlace(compiled, state, { snapshot }, clock.now(), memo);
 */
export function runStepInPlace(compiled: CompiledConfig, state: EngineState, input: StepInput, nowMs: number, memo: EvaluationMemo): StepResult {
	if (!Number.isFinite(nowMs)) throw new Error(`runStepInPlace: nowMs must be a finite epoch-ms number, got ${nowMs}`);
	const now = state.lastStepAtMs !== null ? Math.max(nowMs, state.lastStepAtMs) : nowMs;
	const next = state;
	const out: AdvanceResult = { transitions: [], changed: new Set() };

	// Evaluate first: it is the part that can throw (a corrupt timestamp), and nothing is changed yet.
	// Commands never add or remove an owner of a key (ack keeps an alert active, a manual resolve
	// leaves a suppressor), so the owners read before them are the ones after them.
	const current = currentByKey(next.alerts);
	const evaluated = evaluateSnapshotIncremental(compiled, input.snapshot, now, memo, current);

	const rejectedCommands = applyCommandsTo(next.alerts, input.commands ?? [], compiled, now, out);
	const advanced = advanceAlerts(next.alerts, evaluated, compiled, now, current);
	out.transitions.push(...advanced.transitions);
	for (const id of advanced.changed) out.changed.add(id);

	return notifyAndPrune(compiled, next, input, now, out, rejectedCommands, { dropLoggedEarly: true });
}

export { EvaluationMemo };
