/**
 * The second half of an engine step, shared by {@link runStep} and {@link runStepInPlace}: once the
 * alerts have advanced, what is owed a notice (candidates → inhibit → silence → supersede → group →
 * dedup + timing → notify), the log and groups written, the state pruned, and the step's result.
 * Changes `next` (the step's own copy, or the caller's state for the in-place step).
 */
import type { AdvanceResult } from '../pipeline/advanceAlerts';
import { listCandidates, logByAlert } from '../pipeline/candidates';
import { dropLogged, dueGroups } from '../pipeline/dedup';
import { groupCandidates } from '../pipeline/group';
import { applyMuters, createInhibitors, createSilencers, dropSuperseded } from '../pipeline/mute';
import { buildIntents } from '../pipeline/notify';
import { pruneState } from '../pipeline/prune';
import type { RejectedCommand } from './applyCommands';
import type { CompiledConfig } from './compileConfig';
import type { AlertRecord, EngineState } from './state';
import type { StepInput, StepResult } from './step';

/**
 * @param opts.dropLoggedEarly notices already in the log are left out of the candidates (the
 *   in-place step), instead of being dropped after grouping (the reference step); same result
 */
export function notifyAndPrune(
	compiled: CompiledConfig,
	next: EngineState,
	input: StepInput,
	now: number,
	out: AdvanceResult,
	rejectedCommands: RejectedCommand[],
	opts: { dropLoggedEarly: boolean }
): StepResult {
	const { config } = compiled;
	const all = Object.values(next.alerts);
	const candidates = opts.dropLoggedEarly
		? listCandidates(next.alerts, logByAlert(next.log), compiled, now, next.log)
		: listCandidates(next.alerts, logByAlert(next.log), compiled, now);
	const muters = [...createInhibitors(config.inhibitRules, all), ...createSilencers(input.silences ?? [], now)];
	const muted = applyMuters(candidates, next.alerts, muters, now);
	for (const id of muted.changed) out.changed.add(id);
	// with the logged notices dropped early, nothing logged is left among the candidates
	const logged = opts.dropLoggedEarly ? new Set<string>() : new Set(Object.keys(next.log));
	const current = config.supersedeLowerLevels ? dropSuperseded(muted.kept, logged) : muted.kept;

	const fresh = dropLogged(groupCandidates(current, config.grouping.by), next.log);
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
