/**
 * Alert state transitions, reported by every step for the wall-board, the inbox and the
 * alert history table.
 */
import type { LevelOrNone } from '../types';
import type { AlertRecord, AlertStatus } from './state';

export type TransitionType =
	| 'pending'
	| 'firing'
	| 'escalated'
	| 'acknowledged'
	| 'unacknowledged'
	| 'rearmed'
	| 'resolved';

export interface AlertTransition {
	type: TransitionType;
	alertId: string;
	alertKey: string;
	ruleId: string;
	fromStatus: AlertStatus | null;
	toStatus: AlertStatus;
	fromLevel: LevelOrNone;
	toLevel: LevelOrNone;
	atMs: number;
	/** Person for acknowledged / unacknowledged / manual resolve, else null. */
	by: string | null;
	/** Resolve reason, or a note. */
	reason: string | null;
}

/** Builds a transition from the alert as it is now (after the change). */
export function transitionOf(
	alert: AlertRecord,
	type: TransitionType,
	from: { status: AlertStatus | null; level: LevelOrNone },
	atMs: number,
	by: string | null = null,
	reason: string | null = null
): AlertTransition {
	return {
		type,
		alertId: alert.id,
		alertKey: alert.key,
		ruleId: alert.ruleId,
		fromStatus: from.status,
		toStatus: alert.status,
		fromLevel: from.level,
		toLevel: alert.level,
		atMs,
		by,
		reason
	};
}
