/**
 * Virtual-clock harness for the alert engine tests: runs the engine at a fixed tick over a
 * scripted world and collects every transition and intent.
 */
import {
	createAlertEngine,
	defaultAlertConfig,
	emptyState,
	type AlertCommand,
	type AlertConfig,
	type AlertEngine,
	type AlertTransition,
	type ChannelAggregate,
	type EngineState,
	type NotificationIntent,
	type OpenItem,
	type Silence,
	type SourceActivity
} from '../../alerts/index';

/** Monday 3 March 2025, 10:00 in Asia/Shanghai. */
export const T0 = Date.parse('2025-03-03T10:00:00+08:00');
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

export function chat(id: string, arrivedAtMs: number, extra: Partial<OpenItem> = {}): OpenItem {
	return {
		id,
		kind: 'contact',
		channel: 'chat',
		queue: 'pre-sale',
		priority: 'normal',
		teamId: 'T1',
		agentId: null,
		arrivedAtMs,
		state: 'waiting',
		...extra
	};
}

/** Pending / clear periods to force on the aggregate rules of a test. */
export interface AggregateDamping {
	forMs: number;
	clearForMs: number;
}

/**
 * Default config restricted to the given rule ids (all rules when omitted); `damping` overrides
 * the pending / clear periods of the aggregate rules (scenarios written for specific periods).
 */
export function configWith(ruleIds?: string[], patch: Partial<AlertConfig> = {}, damping?: AggregateDamping): AlertConfig {
	const config = defaultAlertConfig();
	if (ruleIds) config.rules = config.rules.filter((r) => ruleIds.includes(r.id));
	if (damping) for (const r of config.rules) if (r.kind === 'aggregate') Object.assign(r, damping);
	return { ...config, ...patch };
}

export interface World {
	items(nowMs: number): OpenItem[];
	aggregates?(nowMs: number): ChannelAggregate[];
	sources?(nowMs: number): SourceActivity[];
	silences?(nowMs: number): Silence[];
	/** Commands to apply at the first tick at or after the given instant (consumed once). */
	commands?: Array<{ atMs: number; command: AlertCommand }>;
}

export interface Run {
	engine: AlertEngine;
	state: EngineState;
	transitions: AlertTransition[];
	intents: NotificationIntent[];
	rejected: string[];
}

/**
 * Steps the engine from `fromMs` to `toMs` (inclusive) every `tickMs`.
 * Every intent is immediately reported delivered, as the server would after the dispatcher.
 */
export function simulate(
	engine: AlertEngine,
	world: World,
	fromMs: number,
	toMs: number,
	tickMs = SEC,
	start: EngineState = emptyState()
): Run {
	let state = start;
	const transitions: AlertTransition[] = [];
	const intents: NotificationIntent[] = [];
	const rejected: string[] = [];
	const pending = [...(world.commands ?? [])].sort((a, b) => a.atMs - b.atMs);
	for (let now = fromMs; now <= toMs; now += tickMs) {
		const commands: AlertCommand[] = [];
		while (pending.length > 0 && pending[0].atMs <= now) commands.push((pending.shift() as { command: AlertCommand }).command);
		const r = engine.step(
			state,
			{
				snapshot: { items: world.items(now), aggregates: world.aggregates?.(now) ?? [], sources: world.sources?.(now) ?? [] },
				silences: world.silences?.(now) ?? [],
				commands
			},
			now
		);
		state = r.state;
		transitions.push(...r.transitions);
		intents.push(...r.intents);
		rejected.push(...r.rejectedCommands.map((c) => c.reason));
		for (const intent of r.intents) state = engine.recordDelivery(state, { intentId: intent.id, ok: true, atMs: now }).state;
	}
	return { engine, state, transitions, intents, rejected };
}

/** Intents for one recipient key. */
export function to(intents: NotificationIntent[], recipientKey: string): NotificationIntent[] {
	return intents.filter((i) => i.recipient.key === recipientKey);
}

/** All notices (intent entries) with the given kind and level, flattened. */
export function notices(intents: NotificationIntent[], kind: 'firing' | 'repeat' | 'resolved', level?: number) {
	return intents.flatMap((i) => i.entries.map((e) => ({ ...e, recipient: i.recipient.key, atMs: i.createdAtMs }))).filter((e) => e.kind === kind && (level === undefined || e.level === level));
}

export function createEngine(ruleIds?: string[], patch: Partial<AlertConfig> = {}, damping?: AggregateDamping): AlertEngine {
	return createAlertEngine(configWith(ruleIds, patch, damping));
}
