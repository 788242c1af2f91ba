/**
 * Commands from the inbox: acknowledge, claim, un-acknowledge, resolve.
 */
import { resolveAlert, type AdvanceResult } from '../pipeline/advanceAlerts';
import type { CompiledConfig } from './compileConfig';
import type { AlertRecord } from './state';
import { transitionOf } from './transition';

export type AlertCommand =
	/** Stops escalation until `timeoutMs` (default: the rule's ackTimeoutMs), then re-arms. */
	| { type: 'ack'; alertId: string; by: string; note?: string; timeoutMs?: number }
	/** An acknowledgement by someone taking the contact over (shown as the assignee). */
	| { type: 'claim'; alertId: string; by: string; note?: string; timeoutMs?: number }
	| { type: 'unack'; alertId: string; by: string }
	/** Resolves now; a new episode starts only after the condition has cleared. */
	| { type: 'resolve'; alertId: string; by: string; note?: string };

export interface RejectedCommand {
	command: AlertCommand;
	reason: string;
}

/**
 * Applies inbox commands to the alert records (mutates `alerts`, the step's private copy).
 * Invalid commands are returned as rejected with the reason, never thrown, so one stale click
 * does not stop the engine.
 *
 * @returns transitions/changed ids in `out`, and the rejected commands
 * @example
 * applyCommandsTo(state.alerts, [{ type: 'ack', alertId, by: 'li.supervisor' }], compiled, now, out);
 */
export function applyCommandsTo(
	alerts: Record<string, AlertRecord>,
	commands: readonly AlertCommand[],
	compiled: CompiledConfig,
	nowMs: number,
	out: AdvanceResult
): RejectedCommand[] {
	const rejected: RejectedCommand[] = [];
	for (const command of commands) {
		const alert = alerts[command.alertId];
		if (!alert) {
			rejected.push({ command, reason: `no alert with id ${command.alertId}` });
			continue;
		}
		if (typeof command.by !== 'string' || command.by.length === 0) {
			rejected.push({ command, reason: 'by must name the person (non-empty string)' });
			continue;
		}
		const from = { status: alert.status, level: alert.level };
		switch (command.type) {
			case 'ack':
			case 'claim': {
				if (alert.status !== 'firing' && alert.status !== 'acknowledged') {
					rejected.push({ command, reason: `only firing or acknowledged alerts can be acknowledged; ${alert.id} is ${alert.status}` });
					break;
				}
				const ruleTimeout = compiled.rulesById.get(alert.ruleId)?.rule.ackTimeoutMs ?? 0;
				const timeoutMs = command.timeoutMs ?? ruleTimeout;
				if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
					rejected.push({ command, reason: `timeoutMs must be a finite number ≥ 0, got ${timeoutMs}` });
					break;
				}
				alert.status = 'acknowledged';
				alert.ack = { by: command.by, atMs: nowMs, untilMs: nowMs + timeoutMs, claim: command.type === 'claim', note: command.note ?? null };
				alert.updatedAtMs = nowMs;
				out.changed.add(alert.id);
				out.transitions.push(transitionOf(alert, 'acknowledged', from, nowMs, command.by, command.note ?? command.type));
				break;
			}
			case 'unack': {
				if (alert.status !== 'acknowledged') {
					rejected.push({ command, reason: `${alert.id} is ${alert.status}, not acknowledged` });
					break;
				}
				alert.status = 'firing';
				alert.updatedAtMs = nowMs;
				out.changed.add(alert.id);
				out.transitions.push(transitionOf(alert, 'unacknowledged', from, nowMs, command.by));
				break;
			}
			case 'resolve': {
				if (alert.status === 'resolved') {
					rejected.push({ command, reason: `${alert.id} is already resolved` });
					break;
				}
				resolveAlert(alert, 'manual', nowMs, command.by, out);
				alert.suppressUntilClear = true;
				break;
			}
			default:
				rejected.push({ command, reason: `unknown command type ${(command as { type: unknown }).type}; allowed: ack, claim, unack, resolve` });
		}
	}
	return rejected;
}
