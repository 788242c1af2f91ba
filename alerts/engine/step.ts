/**
 * One engine step: the whole pipeline, as a pure function of (state, input, now).
 *
 *   commands → evaluate → lifecycle → candidates → inhibit → silence → supersede → group
 *            → dedup + timing → notify → prune
 *
 * Everything after the lifecycle is `notifyAndPrune.ts`, shared with the in-place step.
 */
import { advanceAlerts, type AdvanceResult } from '../pipeline/advanceAlerts';
import { evaluateSnapshot } from '../pipeline/evaluate';
import type { NotificationIntent } from '../pipeline/notify';
import type { Silence } from '../rules/ruleTypes';
import type { Snapshot } from '../types';
import { applyCommandsTo, type AlertCommand, type RejectedCommand } from './applyCommands';
import type { CompiledConfig } from './compileConfig';
import { notifyAndPrune } from './notifyAndPrune';
import { copyForStep, type AlertRecord, type EngineState, type NotificationLogEntry } from './state';
import type { AlertTransition } from './transition';

export interface StepInput {
	/** All open items and the current aggregates. */
	snapshot: Snapshot;
	/** Silences (validated with `validateSilence` when created); inactive ones are ignored. */
	silences?: readonly Silence[];
	/** Inbox commands to apply before evaluating. */
	commands?: readonly AlertCommand[];
}

export interface StepResult {
	/** The new state (the input state is not modified). */
	state: EngineState;
	transitions: AlertTransition[];
	/** Digests to deliver now (hand them to the dispatcher). */
	intents: NotificationIntent[];
	/** Log entries created by this step (persist them with the intents' outcome later). */
	newLogEntries: NotificationLogEntry[];
	/** Alerts created or changed in status, level, acknowledgement, mute or labels (persist them). */
	changedAlerts: AlertRecord[];
	/** Alerts dropped from the state after their retention. */
	prunedAlertIds: string[];
	rejectedCommands: RejectedCommand[];
	/** The instant used: max(nowMs, previous step), so a clock stepping back never reorders events. */
	nowMs: number;
}

/**
 * Runs one step.
 *
 * @param compiled compiled configuration (`compileConfig`)
 * @param state previous state (`emptyState()` at first start, `restoreState(...)` after a restart)
 * @param input snapshot, silences, commands
 * @param nowMs current time, epoch ms (from the injected clock)
 * @throws Error when nowMs is not finite
 * @example
 * let state = emptyState();
 * const r = runStep(compiled, state, { snapshot }, clock.now());
 * state = r.state; dispatcher.enqueueIntents(r.intents);
 */
export function runStep(compiled: CompiledConfig, state: EngineState, input: StepInput, nowMs: number): StepResult {
	if (!Number.isFinite(nowMs)) throw new Error(`runStep: nowMs must be a finite epoch-ms number, got ${nowMs}`);
	const now = state.lastStepAtMs !== null ? Math.max(nowMs, state.lastStepAtMs) : nowMs;
	const next = copyForStep(state);
	const out: AdvanceResult = { transitions: [], changed: new Set() };

	const rejectedCommands = applyCommandsTo(next.alerts, input.commands ?? [], compiled, now, out);

	const evaluated = evaluateSnapshot(compiled, input.snapshot, now);
	const advanced = advanceAlerts(next.alerts, evaluated, compiled, now);
	out.transitions.push(...advanced.transitions);
	for (const id of advanced.changed) out.changed.add(id);

	return notifyAndPrune(compiled, next, input, now, out, rejectedCommands, { dropLoggedEarly: false });
}
