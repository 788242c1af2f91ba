/**
 * The engine as the server uses it: a compiled configuration plus pure functions over the
 * state. Rebuild it when managers edit the rules (cheap); the state carries over.
 */
import type { NotificationIntent } from '../pipeline/notify';
import type { AlertConfig } from '../rules/ruleTypes';
import { compileConfig, type CompiledConfig } from './compileConfig';
import { recordDelivery, undeliveredIntents, type DeliveryOutcome } from './deliveries';
import type { EngineState, NotificationLogEntry } from './state';
import { runStep, type StepInput, type StepResult } from './step';
import { EvaluationMemo, runStepInPlace } from './stepInPlace';

export interface AlertEngine {
	readonly config: AlertConfig;
	readonly compiled: CompiledConfig;
	/** One pipeline step; pure: returns the next state. */
	step(state: EngineState, input: StepInput, nowMs: number): StepResult;
	/**
	 * The same step for a caller that owns its state: changes `state` in place and evaluates contact
	 * items incrementally (`runStepInPlace`); same results as `step`. Always pass the state returned
	 * by the previous call (or a restored one).
	 */
	stepInPlace(state: EngineState, input: StepInput, nowMs: number): StepResult;
	/** Items the last `stepInPlace` evaluated and skipped. */
	readonly lastEvaluation: { evaluated: number; skipped: number };
	/** Records an intent's delivery outcome in the log. */
	recordDelivery(state: EngineState, outcome: DeliveryOutcome): { state: EngineState; changed: NotificationLogEntry[] };
	/** Intents emitted but never settled (re-dispatch after a restart). */
	undeliveredIntents(state: EngineState): NotificationIntent[];
}

/**
 * Validates and compiles the configuration and returns the engine.
 *
 * @throws AlertConfigError naming every invalid field
 * @example
 * const engine = createAlertEngine(defaultAlertConfig());
 * let state = emptyState();
 * const r = engine.step(state, { snapshot }, clock.now());
 */
export function createAlertEngine(config: AlertConfig): AlertEngine {
	const compiled = compileConfig(config);
	const memo = new EvaluationMemo();
	return {
		config: compiled.config,
		compiled,
		step: (state, input, nowMs) => runStep(compiled, state, input, nowMs),
		stepInPlace: (state, input, nowMs) => runStepInPlace(compiled, state, input, nowMs, memo),
		get lastEvaluation() {
			return { evaluated: memo.lastEvaluated, skipped: memo.lastSkipped };
		},
		recordDelivery,
		undeliveredIntents
	};
}
