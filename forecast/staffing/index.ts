/**
 * Staffing engine: Erlang B, C and A, chat concurrency, deferred work, shrinkage and required
 * agents. Framework-free and allocation-light; every result is a plain JSON-serialisable object.
 * Models, formulas and sources: docs/staffing-models.md.
 */
export type {
	BindingConstraint,
	ChatMetrics,
	QueueMetrics,
	ServiceLevelBasis,
	StaffingModel,
	StaffingResult,
	StaffingTargets
} from './types';
export { offeredLoadErlangs } from './offeredLoad';
export { erlangB, logErlangB } from './erlangB';
export { requiredLines } from './requiredLines';
export { erlangC } from './erlangC';
export { erlangCServiceLevel } from './serviceLevel';
export { erlangCAsaSec } from './asa';
export { erlangCOccupancy } from './occupancy';
export { evaluateErlangC, type CallTraffic, type ErlangCInput } from './evaluateErlangC';
export { requiredAgentsErlangC } from './requiredAgentsErlangC';
export { evaluateErlangA, type ErlangAInput } from './erlangA';
export { requiredAgentsErlangA } from './requiredAgentsErlangA';
export { evaluateChatConcurrency, type ChatConcurrencyInput, type ChatTraffic } from './chatConcurrency';
export { evaluateChatDivisor, type ChatDivisorInput } from './chatDivisor';
export { requiredAgentsChatConcurrency, requiredAgentsChatDivisor } from './requiredAgentsChat';
export { scheduledAgents, scheduledFractionalAgents } from './shrinkage';
export { fractionalRequirement } from './fractionalAgents';
export { failingConstraints, meetsTargets, resolveTargets, type ResolvedTargets } from './targets';
export { deferredWorkAgents, type DeferredWorkInput, type DeferredWorkResult } from './deferredWork';
export {
	deferredWorkPlan,
	type DeferredWorkInterval,
	type DeferredWorkPlan,
	type DeferredWorkPlanInput
} from './deferredWorkPlan';
export { logGamma } from './logGamma';
export { logErlangAFunction, logRegularizedLowerGamma, logRegularizedUpperGamma } from './incompleteGamma';
