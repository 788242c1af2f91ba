/**
 * Alert strings for the board's banner and the manager's inbox (browser-safe), in both languages:
 * levels, statuses, metrics, history events, recipients, resolve reasons, data states. Codes
 * never reach the page untranslated: an unknown code is shown as the code with a marker, so a new
 * engine code shows up in review instead of silently mixing languages.
 */
import type { Lang } from './index';
import { fmtDuration } from '../wallboard/format';

const zh = {
	level: ['—', '一级预警', '二级超时', '三级干预'],
	levelShort: ['—', 'L1', 'L2', 'L3'],
	status: { pending: '待定', firing: '告警中', acknowledged: '已确认', resolved: '已恢复' } as Record<string, string>,
	metric: { sl_deficit_pts: '服务水平低于目标', backlog_count: '排队量', predicted_wait_sec: '预测等待' } as Record<string, string>,
	wait: '等待',
	clock: '计时',
	threshold: '阈值',
	open: '已持续',
	pts: '个百分点',
	noData: '无数据',
	lowVolume: '量少未评估',
	more: (n: number) => `另有 ${n} 条`,
	bannerTitle: '二级 / 三级告警',
	allChannels: '全渠道',
	events: {
		pending: '待定（等待确认期）',
		firing: '触发',
		escalated: '升级',
		acknowledged: '已确认',
		unacknowledged: '取消确认',
		rearmed: '确认到期，重新告警',
		resolved: '已恢复',
		'notice:firing': '已通知',
		'notice:repeat': '再次提醒',
		'notice:resolved': '恢复通知',
		delivered: '送达',
		failed: '发送失败',
		retrying: '重试发送',
		'rules-saved': '规则已保存',
		'silence-added': '新增静默',
		'silence-removed': '删除静默',
		claimed: '已认领'
	} as Record<string, string>,
	recipient: {
		team: (id: string) => `团队 ${id}`,
		teamOfChannel: (ch: string) => `${ch} 各团队`,
		supervisor: (id: string) => `团队 ${id} 主管`,
		supervisorOfChannel: (ch: string) => `${ch} 主管`,
		manager: '经理',
		user: (id: string) => `用户 ${id}`,
		target: (id: string) => `通知目标 ${id}`,
		inapp: '站内',
		webhook: 'Webhook',
		email: '邮件',
		dingtalk: '钉钉机器人',
		wecom: '企业微信机器人',
		feishu: '飞书机器人'
	},
	reason: {
		condition_cleared: '条件已恢复',
		item_gone: '咨询已结束',
		rule_no_longer_applies: '规则不再适用',
		rule_removed: '规则已删除或停用',
		manual: '人工关闭'
	} as Record<string, string>,
	system: '系统'
};

type AlertMessages = typeof zh;

const en: AlertMessages = {
	level: ['—', 'L1 warning', 'L2 breach', 'L3 intervention'],
	levelShort: ['—', 'L1', 'L2', 'L3'],
	status: { pending: 'Pending', firing: 'Firing', acknowledged: 'Acknowledged', resolved: 'Resolved' },
	metric: { sl_deficit_pts: 'Service level below target', backlog_count: 'Queue', predicted_wait_sec: 'Predicted wait' },
	wait: 'waiting',
	clock: 'clock',
	threshold: 'threshold',
	open: 'open',
	pts: 'pts',
	noData: 'no data',
	lowVolume: 'low volume, not evaluated',
	more: (n: number) => `${n} more`,
	bannerTitle: 'L2 / L3 alerts',
	allChannels: 'all channels',
	events: {
		pending: 'Pending (hold period)',
		firing: 'Fired',
		escalated: 'Escalated',
		acknowledged: 'Acknowledged',
		unacknowledged: 'Acknowledgement withdrawn',
		rearmed: 'Acknowledgement expired, re-armed',
		resolved: 'Resolved',
		'notice:firing': 'Notified',
		'notice:repeat': 'Reminder',
		'notice:resolved': 'Resolved notice',
		delivered: 'Delivered',
		failed: 'Delivery failed',
		retrying: 'Retrying delivery',
		'rules-saved': 'Rules saved',
		'silence-added': 'Silence added',
		'silence-removed': 'Silence removed',
		claimed: 'Claimed'
	},
	recipient: {
		team: (id: string) => `team ${id}`,
		teamOfChannel: (ch: string) => `${ch} teams`,
		supervisor: (id: string) => `supervisor of team ${id}`,
		supervisorOfChannel: (ch: string) => `${ch} supervisors`,
		manager: 'manager',
		user: (id: string) => `user ${id}`,
		target: (id: string) => `target ${id}`,
		inapp: 'in-app',
		webhook: 'webhook',
		email: 'e-mail',
		dingtalk: 'DingTalk robot',
		wecom: 'WeCom robot',
		feishu: 'Feishu robot'
	},
	reason: {
		condition_cleared: 'condition cleared',
		item_gone: 'contact closed',
		rule_no_longer_applies: 'rule no longer applies',
		rule_removed: 'rule deleted or disabled',
		manual: 'closed by hand'
	},
	system: 'system'
};

export const alertMessages: Record<Lang, AlertMessages> = { 'zh-CN': zh, en };

/** The value of an alert in its unit: a wait (ms), SL points, a count, a predicted wait (s). */
export function fmtAlertValue(lang: Lang, kind: 'contact' | 'aggregate', metric: string | null, value: number | null | undefined): string {
	const m = alertMessages[lang];
	if (value === null || value === undefined) return m.noData;
	if (kind === 'contact') return fmtDuration(value);
	switch (metric) {
		case 'sl_deficit_pts':
			return `${value.toFixed(1)} ${m.pts}`;
		case 'predicted_wait_sec':
			return fmtDuration(value * 1000);
		default:
			return String(Math.round(value));
	}
}

/** "waiting 3:05 / threshold 3:00" or "Queue 60 / threshold 50". */
export function fmtValueVsThreshold(
	lang: Lang,
	a: { kind: 'contact' | 'aggregate'; metric: string | null; value: number | null | undefined; threshold: number | null | undefined }
): string {
	const m = alertMessages[lang];
	const label = a.kind === 'contact' ? m.wait : (m.metric[a.metric ?? ''] ?? `${a.metric} ⚠`);
	return `${label} ${fmtAlertValue(lang, a.kind, a.metric, a.value)} / ${m.threshold} ${fmtAlertValue(lang, a.kind, a.metric, a.threshold ?? null)}`;
}

/** A history event code in words. */
export function eventName(lang: Lang, code: string): string {
	return alertMessages[lang].events[code] ?? `${code} ⚠`;
}

/**
 * A recipient key or notifier target in words: `team:T1`, `team:channel=chat`, `supervisor:T1`,
 * `manager`, `user:u1`, `target:x`, `inapp:inapp:team:chat-t1`, `webhook:manager-hook`, ….
 */
export function recipientName(lang: Lang, key: string, channelName: (id: string) => string = (id) => id): string {
	const r = alertMessages[lang].recipient;
	if (!key) return '';
	const [type, ...rest] = key.split(':');
	const id = rest.join(':');
	switch (type) {
		case 'team':
			return id.startsWith('channel=') ? r.teamOfChannel(channelName(id.slice(8))) : r.team(id);
		case 'supervisor':
			return id.startsWith('channel=') ? r.supervisorOfChannel(channelName(id.slice(8))) : r.supervisor(id);
		case 'manager':
			return r.manager;
		case 'user':
			return r.user(id);
		case 'target':
			return r.target(id);
		case 'inapp': {
			// in-app targets are `inapp:inapp:<recipient key>`
			const inner = id.startsWith('inapp:') ? id.slice(6) : id;
			return `${r.inapp} · ${recipientName(lang, inner, channelName)}`;
		}
		case 'webhook':
		case 'email':
		case 'dingtalk':
		case 'wecom':
		case 'feishu':
			return `${r[type]} ${id}`;
		default:
			return `${key} ⚠`;
	}
}
