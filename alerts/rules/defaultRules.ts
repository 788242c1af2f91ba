/**
 * Default alert configuration, from docs/domain.md ("Three-level timeout alerts (三级预警)"):
 *
 * | level | who | chat / phone | email | ticket |
 * | L1 黄 | team (in-app) | 30 s / 20 s | 4 h | 1 h without first response |
 * | L2 橙 | supervisor | 60 s / 60 s | 12 h | 24 h without a plan |
 * | L3 红 | manager (IM robot, e-mail) | 180 s / 180 s | 24 h | 72 h without follow-up |
 *
 * The same three levels for channel SLA health (15-minute service level below target by
 * 5 / 10 / 20 points) and backlog. domain.md gives no backlog counts: the numbers below are
 * placeholders to be set per centre. Predicted-breach thresholds reuse the channel's contact
 * times (L2 = "the next contacts will breach"). All of it is configuration, editable in the UI.
 */
import type { RecipientRef } from '../types';
import type {
	AggregateMetric,
	AggregateRule,
	AlertConfig,
	ClockSpec,
	ContactRule,
	InhibitRule
} from './ruleTypes';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

const TEAM: RecipientRef[] = [{ type: 'team' }];
const SUPERVISOR: RecipientRef[] = [{ type: 'supervisor' }];
const MANAGER: RecipientRef[] = [{ type: 'manager' }];

function contactRule(
	id: string,
	name: string,
	channel: string,
	clock: ClockSpec,
	[l1, l2, l3]: [number, number, number],
	ackTimeoutMs: number,
	pauseWhenStates: string[] = []
): ContactRule {
	return {
		id,
		name,
		kind: 'contact',
		enabled: true,
		match: { channel, queue: '*', priority: '*' },
		clock,
		levels: {
			l1: { thresholdMs: l1, recipients: TEAM.map((r) => ({ ...r })) },
			l2: { thresholdMs: l2, recipients: SUPERVISOR.map((r) => ({ ...r })) },
			l3: { thresholdMs: l3, recipients: MANAGER.map((r) => ({ ...r })) }
		},
		calendar: null,
		pauseWhenStates,
		ackTimeoutMs,
		repeatIntervalMs: 0,
		forMs: 0,
		clearForMs: 0
	};
}

function aggregateRule(
	metric: AggregateMetric,
	channel: string,
	[l1, l2, l3]: [number, number, number],
	name: string
): AggregateRule {
	return {
		id: `${metric}-${channel}`,
		name,
		kind: 'aggregate',
		enabled: true,
		metric,
		scope: 'channel',
		match: { channel, queue: '*' },
		levels: {
			l1: { threshold: l1, recipients: TEAM.map((r) => ({ ...r })) },
			l2: { threshold: l2, recipients: SUPERVISOR.map((r) => ({ ...r })) },
			l3: { threshold: l3, recipients: MANAGER.map((r) => ({ ...r })) }
		},
		calendar: null,
		ackTimeoutMs: 15 * MIN,
		repeatIntervalMs: 0,
		// The 15-minute SL and the backlog move with every contact: require the condition for a
		// minute before firing and a minute of recovery before resolving, to avoid flapping.
		forMs: MIN,
		clearForMs: MIN
	};
}

/** Default contact and ticket rules. */
export function defaultContactRules(): ContactRule[] {
	return [
		contactRule('chat-first-response', '在线咨询首次响应 Chat first response', 'chat', { kind: 'first_response' }, [30 * SEC, 60 * SEC, 180 * SEC], 5 * MIN),
		contactRule('chat-customer-waiting', '在线咨询客户等待 Chat customer waiting', 'chat', { kind: 'customer_waiting' }, [30 * SEC, 60 * SEC, 180 * SEC], 5 * MIN),
		contactRule('phone-first-response', '电话接听等待 Phone waiting', 'phone', { kind: 'first_response' }, [20 * SEC, 60 * SEC, 180 * SEC], 5 * MIN),
		contactRule('email-first-response', '邮件首次回复 E-mail first reply', 'email', { kind: 'first_response' }, [4 * HOUR, 12 * HOUR, 24 * HOUR], 2 * HOUR),
		contactRule('email-customer-waiting', '邮件未回复 E-mail unanswered', 'email', { kind: 'customer_waiting' }, [4 * HOUR, 12 * HOUR, 24 * HOUR], 2 * HOUR, ['waiting_customer']),
		{
			// Bad-review recovery (差评挽救): respond within 1 h, a plan within 24 h, follow up within 72 h.
			...contactRule('ticket-process', '工单处理 Ticket 1 h / 24 h / 72 h', 'ticket', { kind: 'milestone', from: 'created', until: 'firstResponse' }, [HOUR, 24 * HOUR, 72 * HOUR], 4 * HOUR, ['waiting_customer']),
			levels: {
				l1: { thresholdMs: HOUR, recipients: TEAM.map((r) => ({ ...r })) },
				l2: { thresholdMs: 24 * HOUR, recipients: SUPERVISOR.map((r) => ({ ...r })), clock: { kind: 'milestone', from: 'created', until: 'plan' } },
				l3: { thresholdMs: 72 * HOUR, recipients: MANAGER.map((r) => ({ ...r })), clock: { kind: 'milestone', from: 'created', until: 'followUp' } }
			}
		}
	];
}

/** Default channel-health rules: SL deficit, backlog, predicted breach. */
export function defaultAggregateRules(): AggregateRule[] {
	return [
		aggregateRule('sl_deficit_pts', 'chat', [5, 10, 20], '在线咨询服务水平 Chat SL below target (pts)'),
		aggregateRule('sl_deficit_pts', 'phone', [5, 10, 20], '电话服务水平 Phone SL below target (pts)'),
		aggregateRule('sl_deficit_pts', 'email', [5, 10, 20], '邮件服务水平 E-mail SL below target (pts)'),
		aggregateRule('backlog_count', 'chat', [20, 50, 100], '在线咨询排队 Chat backlog (placeholder counts)'),
		aggregateRule('backlog_count', 'phone', [10, 25, 50], '电话排队 Phone backlog (placeholder counts)'),
		aggregateRule('backlog_count', 'email', [200, 500, 1000], '邮件积压 E-mail backlog (placeholder counts)'),
		aggregateRule('predicted_wait_sec', 'chat', [30, 60, 180], '在线咨询预测超时 Chat predicted wait (s)'),
		aggregateRule('predicted_wait_sec', 'phone', [20, 60, 180], '电话预测超时 Phone predicted wait (s)'),
		aggregateRule('predicted_wait_sec', 'email', [4 * 3600, 12 * 3600, 24 * 3600], '邮件预测超时 E-mail predicted wait (s)')
	];
}

/**
 * Default inhibit rules ("an L3 or a channel-wide alert mutes the L1/L2 it covers"):
 * 1. a channel-wide alert mutes the L1/L2 contact alerts of that channel;
 * 2. a channel-wide L3 mutes the other channel's L1/L2 channel and queue alerts;
 * 3. a queue-wide L3 mutes the L1/L2 contact and queue alerts of that queue.
 */
export function defaultInhibitRules(): InhibitRule[] {
	return [
		{
			id: 'channel-alert-mutes-contact-l1-l2',
			source: [{ label: 'scope', op: '=', value: 'channel' }],
			target: [
				{ label: 'scope', op: '=', value: 'item' },
				{ label: 'level', op: 'in', values: ['1', '2'] }
			],
			equal: ['channel']
		},
		{
			id: 'channel-l3-mutes-aggregate-l1-l2',
			source: [
				{ label: 'scope', op: '=', value: 'channel' },
				{ label: 'level', op: '=', value: '3' }
			],
			target: [
				{ label: 'scope', op: 'in', values: ['channel', 'queue'] },
				{ label: 'level', op: 'in', values: ['1', '2'] }
			],
			equal: ['channel']
		},
		{
			id: 'queue-l3-mutes-queue-l1-l2',
			source: [
				{ label: 'scope', op: '=', value: 'queue' },
				{ label: 'level', op: '=', value: '3' }
			],
			target: [
				{ label: 'scope', op: 'in', values: ['item', 'queue'] },
				{ label: 'level', op: 'in', values: ['1', '2'] }
			],
			equal: ['channel', 'queue']
		}
	];
}

/**
 * The complete default configuration (fresh objects on every call, safe to edit).
 *
 * @example
 * const config = defaultAlertConfig();
 * config.rules.find((r) => r.id === 'chat-first-response'); // 30 / 60 / 180 s
 */
export function defaultAlertConfig(): AlertConfig {
	return {
		rules: [...defaultContactRules(), ...defaultAggregateRules()],
		calendars: {},
		inhibitRules: defaultInhibitRules(),
		// A burst (e.g. 500 chats breaching within a second) lands in one digest per recipient,
		// channel and level: 2 s to collect it, then at most one message per group per 30 s.
		grouping: { by: ['channel'], groupWaitMs: 2 * SEC, groupIntervalMs: 30 * SEC },
		supersedeLowerLevels: true,
		resolvedRetentionMs: HOUR
	};
}
