/**
 * Delivery bookkeeping: the server reports each intent's outcome, and after a restart asks
 * which intents were emitted but never settled, to hand them to the dispatcher again.
 */
import { intentFromEntries, type IntentEntry, type NotificationIntent } from '../pipeline/notify';
import type { EngineState, NotificationLogEntry } from './state';

export interface DeliveryOutcome {
	intentId: string;
	/** true when at least one of the recipient's targets accepted the message. */
	ok: boolean;
	atMs: number;
	/** Reason when not ok (already free of secrets). */
	error?: string | null;
}

/**
 * Marks the log entries of an intent delivered or failed. Entries already settled are left
 * alone, so reporting twice is harmless.
 *
 * @returns the new state and the entries that changed (persist them)
 * @throws never
 * @example
 * ({ state } = recordDelivery(state, { intentId: intent.id, ok: true, atMs: clock.now() }));
 */
export function recordDelivery(
	state: EngineState,
	outcome: DeliveryOutcome
): { state: EngineState; changed: NotificationLogEntry[] } {
	const changed: NotificationLogEntry[] = [];
	let next: EngineState | null = null;
	for (const [key, e] of Object.entries(state.log)) {
		if (e.intentId !== outcome.intentId || e.status !== 'emitted') continue;
		next ??= { ...state, log: { ...state.log } };
		const updated: NotificationLogEntry = {
			...e,
			status: outcome.ok ? 'delivered' : 'failed',
			settledAtMs: outcome.atMs,
			error: outcome.ok ? null : (outcome.error ?? 'delivery failed')
		};
		next.log[key] = updated;
		changed.push(updated);
	}
	return { state: next ?? state, changed };
}

/**
 * Rebuilds the intents whose log entries are still `emitted` (sent to the dispatcher, outcome
 * not recorded), e.g. after a restart. Same ids as before, so an idempotent dispatcher drops
 * the ones it still holds.
 *
 * @example
 * for (const intent of undeliveredIntents(state)) dispatcher.enqueue(...);
 */
export function undeliveredIntents(state: EngineState): NotificationIntent[] {
	const byIntent = new Map<string, NotificationLogEntry[]>();
	for (const e of Object.values(state.log)) {
		if (e.status !== 'emitted') continue;
		const list = byIntent.get(e.intentId);
		if (list) list.push(e);
		else byIntent.set(e.intentId, [e]);
	}
	const intents: NotificationIntent[] = [];
	for (const [intentId, list] of byIntent) {
		const entries: IntentEntry[] = [];
		for (const e of list) {
			const alert = state.alerts[e.alertId];
			if (!alert) continue;
			entries.push({
				logKey: e.logKey,
				alertId: e.alertId,
				alertKey: e.alertKey,
				ruleId: e.ruleId,
				ruleName: alert.ruleName,
				ruleNameEn: alert.ruleNameEn ?? alert.ruleName,
				kind: e.kind,
				level: e.level,
				seq: e.seq,
				labels: { ...alert.labels },
				value: { ...alert.value },
				status: alert.status
			});
		}
		if (entries.length === 0) continue;
		intents.push(intentFromEntries(list[0].groupKey, list[0].recipient, entries, list[0].emittedAtMs, intentId));
	}
	return intents.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
}
