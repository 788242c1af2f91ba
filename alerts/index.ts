/**
 * Three-level timeout alerts (三级预警): framework-free engine. See docs/alerts.md.
 */
export type { ChannelAggregate, Clock, Labels, Level, LevelOrNone, OpenItem, RecipientRef, RecipientType, ResolvedRecipient, Snapshot, SourceActivity } from './types';
export { LEVELS, RECIPIENT_TYPES } from './types';
export type {
	AggregateLevelSpec,
	AggregateMetric,
	AggregateRule,
	AlertConfig,
	AlertRule,
	ClockSpec,
	ContactLevelSpec,
	ContactMatch,
	ContactRule,
	GroupingPolicy,
	InhibitRule,
	LevelKey,
	Matcher,
	Silence,
	SourceRule
} from './rules/ruleTypes';
export { AGGREGATE_METRICS, CLOCK_KINDS, LEVEL_KEYS, MATCHER_OPS, RATE_METRICS, levelKey } from './rules/ruleTypes';
export { SERVICE_HOURS, defaultAggregateRules, defaultAlertConfig, defaultContactRules, defaultInhibitRules, defaultSourceRules } from './rules/defaultRules';
export { AlertConfigError, assertValidConfig, isValidSilence, validateConfig, validateSilence } from './rules/validateConfig';
export type { ValidationIssue } from './rules/validateConfig';
export { matchPattern, patternSpecificity } from './rules/matchPattern';
export type { BusinessCalendar, CompiledCalendar, TimeRange, Weekday } from './calendar/businessCalendar';
export { ALWAYS_OPEN, DEFAULT_ZONE, WEEKDAYS, compileCalendar } from './calendar/businessCalendar';
export type { ClockReading } from './clocks/readClock';
export { readClock } from './clocks/readClock';
export type { Evaluation, EvaluationResult } from './pipeline/evaluate';
export { aggregateAlertKey, aggregateMetricValue, contactAlertKey, evaluateSnapshot, sourceAlertKey } from './pipeline/evaluate';
export { labelsMatch, matcherAccepts } from './pipeline/matchers';
export type { Muter } from './pipeline/mute';
export { createInhibitors, createSilencers } from './pipeline/mute';
export type { Candidate } from './pipeline/candidates';
export { logKeyOf, resolveRecipient } from './pipeline/candidates';
export { groupKeyOf } from './pipeline/group';
export type { IntentEntry, NotificationIntent } from './pipeline/notify';
export type {
	AckInfo,
	AlertRecord,
	AlertStatus,
	AlertValue,
	EngineState,
	GroupState,
	NotificationKind,
	NotificationLogEntry,
	ResolveReason
} from './engine/state';
export { activeAlerts, cloneAlert, emptyState, parseState, restoreState, serializeState } from './engine/state';
export type { AlertTransition, TransitionType } from './engine/transition';
export type { AlertCommand, RejectedCommand } from './engine/applyCommands';
export type { CompiledConfig, CompiledRule } from './engine/compileConfig';
export { compileConfig } from './engine/compileConfig';
export type { StepInput, StepResult } from './engine/step';
export { runStep } from './engine/step';
export { EvaluationMemo, runStepInPlace } from './engine/stepInPlace';
export type { DeliveryOutcome } from './engine/deliveries';
export { recordDelivery, undeliveredIntents } from './engine/deliveries';
export type { AlertEngine } from './engine/createAlertEngine';
export { createAlertEngine } from './engine/createAlertEngine';
export type { Locale, Markup, RenderedMessage } from './format/renderIntent';
export { escapeValue, formatDurationMs, renderIntent } from './format/renderIntent';
