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
import { listCandidates, logByAlert } from '../pipeline/candidates';
import { dropLogged, dueGroups } from '../pipeline/dedup';
import { EvaluationMemo, evaluateSnapshotIncremental } from '../pipeline/evaluateIncremental';
import { groupCandidates } from '../pipeline/group';
import { applyMuters, createInhibitors, createSilencers, dropSuperseded } from '../pipeline/mute';
import { buildIntents } from '../pipeline/notify';
import { pruneState } from '../pipeline/prune';
import { applyCommandsTo } from './applyCommands';
import type { CompiledConfig } from './compileConfig';
import type { AlertRecord, EngineState } from './state';
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
	const { config } = compiled;
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

	const all = Object.values(next.alerts);
	const candidates = listCandidates(next.alerts, logByAlert(next.log), compiled, now, next.log);
	const muters = [...createInhibitors(config.inhibitRules, all), ...createSilencers(input.silences ?? [], now)];
	const muted = applyMuters(candidates, next.alerts, muters, now);
	for (const id of muted.changed) out.changed.add(id);
	const logged = new Set<string>(); // nothing logged is left among the candidates
	const current2 = config.supersedeLowerLevels ? dropSuperseded(muted.kept, logged) : muted.kept;

	const fresh = dropLogged(groupCandidates(current2, config.grouping.by), next.log);
	const due = dueGroups(fresh, next.groups, config.grouping, now);
	const { intents, logEntries } = buildIntents(due, now);
	for (const e of logEntries) next.log[e.logKey] = e;
	for (const intent of intents) next.groups[intent.groupKey] = { lastFlushAtMs: now };

	const owedAlertIds = new Set<string>();
	for (const [key, list] of fresh) if (!due.has(key)) for (const c of list) owedAlertIds.add(c.alert.id);
	const prunedAlertIds = pruneState(next, {
		resolvedRetentionMs: config.resolvedRetentionMs,
		groupIntervalMs: config.grouping.groupIntervalMs,
		owedAlertIds,
		nowMs: now
	});
	next.lastStepAtMs = now;

	const changedAlerts: AlertRecord[] = [];
	for (const id of out.changed) {
		const a = next.alerts[id];
		if (a) changedAlerts.push(a);
	}
	return {
		state: next,
		transitions: out.transitions,
		intents,
		newLogEntries: logEntries,
		changedAlerts,
		prunedAlertIds,
		rejectedCommands,
		nowMs: now
	};
}

export { EvaluationMemo };
