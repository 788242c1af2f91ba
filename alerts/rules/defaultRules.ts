/**
 * Default alert configuration, from docs/domain.md ("Three-level timeout alerts (三级预警)"):
 *
 * | level | who | chat / phone | email | ticket |
 * | L1 黄 | team (in-app) | 30 s / 20 s | 4 h | 1 h without first response |
 * | L2 橙 | supervisor | 60 s / 60 s | 12 h | 24 h without a plan |
 * | L3 红 | manager (IM robot, e-mail) | 180 s / 180 s | 24 h | 72 h without follow-up |
 *
 * The same three levels for channel SLA health (15-minute service level below target by
 * 5 / 10 / 20 points) and backlog. domain.md gives no backlog counts: the counts below are sized
 * for the demo centre and are meant to be set per centre (docs/alerts.md). Predicted-breach
 * thresholds reuse the channel's contact times (L2 = "the next contacts will breach"). All of it
 * is configuration, editable in the UI; pending/clear periods per channel are explained in
 * docs/alerts.md "Defaults per channel".
 */
import type { RecipientRef } from '../types';
import type {
	AggregateMetric,
	AggregateRule,
	AlertConfig,
	ClockSpec,
	ContactRule,
	InhibitRule,
	SourceRule
} from './ruleTypes';
import type { BusinessCalendar } from '../calendar/businessCalendar';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

const TEAM: RecipientRef[] = [{ type: 'team' }];
const SUPERVISOR: RecipientRef[] = [{ type: 'supervisor' }];
const MANAGER: RecipientRef[] = [{ type: 'manager' }];

interface Damping {
	/** pending period: the condition must hold this long before the alert fires */
	forMs: number;
	/** clear period: the condition must be false this long before the alert resolves */
	clearForMs: number;
}

function contactRule(
	id: string,
	[name, nameEn]: [string, string],
	channel: string,
	clock: ClockSpec,
	[l1, l2, l3]: [number, number, number],
	ackTimeoutMs: number,
	damping: Damping,
	pauseWhenStates: string[] = []
): ContactRule {
	return {
		id,
		name,
		nameEn,
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
		...damping
	};
}

function aggregateRule(
	metric: AggregateMetric,
	channel: string,
	[l1, l2, l3]: [number, number, number],
	[name, nameEn]: [string, string],
	damping: Damping,
	minOffered?: number
): AggregateRule {
	return {
		id: `${metric}-${channel}`,
		name,
		nameEn,
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
		...damping,
		...(minOffered !== undefined ? { minOffered } : {})
	};
}

/**
 * Pending / clear periods per channel (the reasoning is in docs/alerts.md "Defaults per channel"):
 * a contact clock only grows until the contact is answered, so its threshold is already its
 * pending period (forMs 0); a customer-waiting clock restarts on every reply, so a minute (chat)
 * of quiet keeps one episode per conversation instead of one per message. Channel figures move
 * with every contact: realtime channels wait 30 s–2 min before firing and 5 min before resolving;
 * e-mail moves in hours, so 15 min / 30 min.
 */
const CONTACT_FIRST: Damping = { forMs: 0, clearForMs: 0 };
const CHAT_WAITING: Damping = { forMs: 0, clearForMs: MIN };
const EMAIL_WAITING: Damping = { forMs: 0, clearForMs: 30 * MIN };
const REALTIME_SL: Damping = { forMs: 2 * MIN, clearForMs: 5 * MIN };
const REALTIME_QUEUE: Damping = { forMs: 30 * SEC, clearForMs: 5 * MIN };
const EMAIL_SLOW: Damping = { forMs: 15 * MIN, clearForMs: 30 * MIN };

/** Default contact and ticket rules. */
export function defaultContactRules(): ContactRule[] {
	return [
		contactRule('chat-first-response', ['在线咨询首次响应超时', 'Chat first response overdue'], 'chat', { kind: 'first_response' }, [30 * SEC, 60 * SEC, 180 * SEC], 5 * MIN, CONTACT_FIRST),
		contactRule('chat-customer-waiting', ['在线咨询客户等待回复', 'Chat customer awaiting reply'], 'chat', { kind: 'customer_waiting' }, [30 * SEC, 60 * SEC, 180 * SEC], 5 * MIN, CHAT_WAITING),
		contactRule('phone-first-response', ['电话排队等待超时', 'Phone caller waiting in queue'], 'phone', { kind: 'first_response' }, [20 * SEC, 60 * SEC, 180 * SEC], 5 * MIN, CONTACT_FIRST),
		contactRule('email-first-response', ['邮件首次回复超时', 'E-mail first reply overdue'], 'email', { kind: 'first_response' }, [4 * HOUR, 12 * HOUR, 24 * HOUR], 2 * HOUR, CONTACT_FIRST),
		contactRule('email-customer-waiting', ['邮件客户等待回复', 'E-mail customer awaiting reply'], 'email', { kind: 'customer_waiting' }, [4 * HOUR, 12 * HOUR, 24 * HOUR], 2 * HOUR, EMAIL_WAITING, ['waiting_customer']),
		{
			// Bad-review recovery (差评挽救): respond within 1 h, a plan within 24 h, follow up within
			// 72 h. Each level's clock stops at its own milestone (contact.milestone events), so the
			// L2 clock stops when the plan is sent, not at resolution.
			...contactRule('ticket-process', ['差评挽救工单 1 小时响应 / 24 小时方案 / 72 小时回访', 'Bad-review recovery: respond 1 h / plan 24 h / follow up 72 h'], 'ticket', { kind: 'milestone', from: 'created', until: 'first_response' }, [HOUR, 24 * HOUR, 72 * HOUR], 4 * HOUR, CONTACT_FIRST, ['waiting_customer']),
			levels: {
				l1: { thresholdMs: HOUR, recipients: TEAM.map((r) => ({ ...r })) },
				l2: { thresholdMs: 24 * HOUR, recipients: SUPERVISOR.map((r) => ({ ...r })), clock: { kind: 'milestone', from: 'created', until: 'plan' } },
				l3: { thresholdMs: 72 * HOUR, recipients: MANAGER.map((r) => ({ ...r })), clock: { kind: 'milestone', from: 'created', until: 'follow_up' } }
			}
		}
	];
}

/** Default channel-health rules: SL deficit, backlog, predicted breach. */
export function defaultAggregateRules(): AggregateRule[] {
	return [
		// A 15-minute SL over fewer contacts than this is noise (one late chat of 5 = −20 points).
		aggregateRule('sl_deficit_pts', 'chat', [5, 10, 20], ['在线咨询服务水平低于目标', 'Chat service level below target'], REALTIME_SL, 20),
		aggregateRule('sl_deficit_pts', 'phone', [5, 10, 20], ['电话服务水平低于目标', 'Phone service level below target'], REALTIME_SL, 20),
		aggregateRule('sl_deficit_pts', 'email', [5, 10, 20], ['邮件服务水平低于目标', 'E-mail service level below target'], EMAIL_SLOW, 10),
		aggregateRule('backlog_count', 'chat', [20, 50, 100], ['在线咨询排队积压', 'Chat queue backlog'], REALTIME_QUEUE),
		aggregateRule('backlog_count', 'phone', [10, 25, 50], ['电话排队积压', 'Phone queue backlog'], REALTIME_QUEUE),
		aggregateRule('backlog_count', 'email', [200, 500, 1000], ['邮件待回复积压', 'E-mail backlog'], EMAIL_SLOW),
		aggregateRule('predicted_wait_sec', 'chat', [30, 60, 180], ['在线咨询预测等待超时', 'Chat predicted wait over limit'], REALTIME_QUEUE),
		aggregateRule('predicted_wait_sec', 'phone', [20, 60, 180], ['电话预测等待超时', 'Phone predicted wait over limit'], REALTIME_QUEUE),
		aggregateRule('predicted_wait_sec', 'email', [4 * 3600, 12 * 3600, 24 * 3600], ['邮件预测回复超时', 'E-mail predicted reply time over limit'], EMAIL_SLOW)
	];
}

/**
 * Default silent-source rule: any ingest source quiet for 10 / 20 / 30 business minutes of the
 * centre's service hours (08:00–24:00 every day, the hours Taobao/Tmall shops staff their
 * service desk) tells the manager; L2 and L3 are on the board's banner, so a dead feed never
 * looks like a calm day. Night silence does not count.
 */
export function defaultSourceRules(): SourceRule[] {
	const manager = () => MANAGER.map((r) => ({ ...r }));
	return [
		{
			id: 'source-silent',
			name: '数据源中断（无事件）',
			nameEn: 'Event source silent',
			kind: 'source',
			enabled: true,
			match: { source: '*' },
			levels: { l1: { threshold: 10, recipients: manager() }, l2: { threshold: 20, recipients: manager() }, l3: { threshold: 30, recipients: manager() } },
			calendar: 'service-hours',
			ackTimeoutMs: HOUR,
			repeatIntervalMs: 0,
			// a minute of quiet is normal between bursts; one event ends it, but wait 2 min of
			// traffic before calling the feed back (a reconnecting sender often stutters)
			forMs: 0,
			clearForMs: 2 * MIN
		}
	];
}

/** The centre's service hours (客服在线时间), for rules that only count during them. */
export const SERVICE_HOURS: BusinessCalendar = {
	weekly: { mon: [['08:00', '24:00']], tue: [['08:00', '24:00']], wed: [['08:00', '24:00']], thu: [['08:00', '24:00']], fri: [['08:00', '24:00']], sat: [['08:00', '24:00']], sun: [['08:00', '24:00']] },
	holidays: []
};

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
		rules: [...defaultContactRules(), ...defaultAggregateRules(), ...defaultSourceRules()],
		calendars: { 'service-hours': structuredClone(SERVICE_HOURS) },
		inhibitRules: defaultInhibitRules(),
		// A burst (e.g. 500 chats breaching within a second) lands in one digest per recipient,
		// channel and level: 2 s to collect it, then at most one message per group per 30 s.
		grouping: { by: ['channel'], groupWaitMs: 2 * SEC, groupIntervalMs: 30 * SEC },
		supersedeLowerLevels: true,
		resolvedRetentionMs: HOUR
	};
}
