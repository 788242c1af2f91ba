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
	metric: { sl_deficit_pts: '服务水平低于目标', backlog_count: '排队量', predicted_wait_sec: '预测等待', source_silent_min: '无事件时长' } as Record<string, string>,
	source: '数据源',
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
	system: '系统',
	inbox: {
		filters: '筛选',
		level: '级别',
		channel: '渠道',
		queue: '队列',
		state: '状态',
		from: '开始于（起）',
		to: '开始于（止）',
		any: '全部',
		apply: '筛选',
		reset: '清除',
		states: { open: '未恢复', pending: '待定', firing: '告警中', acknowledged: '已确认', resolved: '已恢复', all: '全部' } as Record<string, string>,
		pageOf: (page: number, pages: number, total: number) => `第 ${page} / ${pages} 页，共 ${total} 条`,
		prev: '上一页',
		next: '下一页',
		perPage: '每页',
		alerts: '预警',
		none: '没有符合条件的预警',
		fired: '触发值',
		now: '当前',
		trend: '变化',
		contacts: '相关咨询（等待）',
		handledBy: '确认 / 认领',
		notified: '已通知',
		claimedBy: (by: string, at: string) => `${by} 于 ${at} 认领`,
		ackedBy: (by: string, at: string) => `${by} 于 ${at} 确认`,
		resolvedAt: (at: string, reason: string) => `${at} 恢复（${reason}）`,
		since: '开始于',
		badParam: (field: string, value: string, allowed: string) => `筛选条件 ${field} 的值 “${value}” 无效，可用：${allowed}（已忽略）`,
		muted: '已静默',
		mutedBySilence: '静默时段内',
		mutedByInhibit: '被更高级别预警抑制',
		noDataSince: (at: string) => `自 ${at} 无数据`
	},
	form: {
		title: '编辑规则',
		rule: '规则',
		nameZh: '中文名称',
		nameEn: '英文名称',
		enabled: '启用',
		thresholds: '阈值',
		thresholdUnitSec: '秒',
		thresholdUnit: { sl_deficit_pts: '个百分点（低于目标）', backlog_count: '个（排队）', predicted_wait_sec: '秒（预测等待）', source: '分钟（营业时间内无事件）' } as Record<string, string>,
		forSec: '等待确认期（秒）',
		forSecHelp: '条件须持续这么久才触发',
		clearSec: '恢复确认期（秒）',
		clearSecHelp: '条件须消失这么久才恢复',
		minOffered: '最少咨询量（15 分钟）',
		minOfferedHelp: '低于此量不评估服务水平',
		noData: '无数据时',
		noDataHold: '保持（不触发、不升级）',
		noDataAlert: '触发一级预警',
		ackTimeoutMin: '确认有效期（分钟）',
		repeatMin: '重复提醒间隔（分钟，0 = 不提醒）',
		save: '保存规则',
		saved: '已保存',
		advanced: '高级：JSON',
		saveJson: '保存 JSON',
		errRequired: '必填',
		errNumber: '请输入 ≥ 0 的数字',
		errWhole: '请输入 ≥ 0 的整数',
		errPositive: '请输入大于 0 的数字',
		errIncreasing: '须大于上一级的阈值',
		fixFirst: '请先修正标出的字段'
	},
	silence: {
		title: '静默时段（可提前预约）',
		starts: '开始',
		ends: '结束',
		channel: '渠道',
		levels: '级别',
		reason: '原因',
		createdBy: '创建人',
		add: '预约静默',
		remove: '删除',
		active: '生效中',
		upcoming: '未开始',
		none: '没有静默时段',
		errEnd: '结束须晚于开始',
		errReason: '请填写原因'
	}
};

type AlertMessages = typeof zh;

const en: AlertMessages = {
	level: ['—', 'L1 warning', 'L2 breach', 'L3 intervention'],
	levelShort: ['—', 'L1', 'L2', 'L3'],
	status: { pending: 'Pending', firing: 'Firing', acknowledged: 'Acknowledged', resolved: 'Resolved' },
	metric: { sl_deficit_pts: 'Service level below target', backlog_count: 'Queue', predicted_wait_sec: 'Predicted wait', source_silent_min: 'Silent for' },
	source: 'Source',
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
	system: 'system',
	inbox: {
		filters: 'Filters',
		level: 'Level',
		channel: 'Channel',
		queue: 'Queue',
		state: 'State',
		from: 'Started from',
		to: 'Started before',
		any: 'any',
		apply: 'Filter',
		reset: 'Clear',
		states: { open: 'Open', pending: 'Pending', firing: 'Firing', acknowledged: 'Acknowledged', resolved: 'Resolved', all: 'All' },
		pageOf: (page: number, pages: number, total: number) => `Page ${page} of ${pages}, ${total} alerts`,
		prev: 'Previous',
		next: 'Next',
		perPage: 'Per page',
		alerts: 'Alerts',
		none: 'No alert matches',
		fired: 'Fired at',
		now: 'now',
		trend: 'trend',
		contacts: 'Contacts (wait)',
		handledBy: 'Acknowledged / claimed',
		notified: 'Notified',
		claimedBy: (by: string, at: string) => `claimed by ${by} at ${at}`,
		ackedBy: (by: string, at: string) => `acknowledged by ${by} at ${at}`,
		resolvedAt: (at: string, reason: string) => `resolved ${at} (${reason})`,
		since: 'Started',
		badParam: (field: string, value: string, allowed: string) => `Filter ${field}: "${value}" is not valid; allowed: ${allowed} (ignored)`,
		muted: 'Muted',
		mutedBySilence: 'in a silence',
		mutedByInhibit: 'inhibited by a higher alert',
		noDataSince: (at: string) => `no data since ${at}`
	},
	form: {
		title: 'Edit a rule',
		rule: 'Rule',
		nameZh: 'Chinese name',
		nameEn: 'English name',
		enabled: 'Enabled',
		thresholds: 'Thresholds',
		thresholdUnitSec: 's',
		thresholdUnit: { sl_deficit_pts: 'points below target', backlog_count: 'waiting', predicted_wait_sec: 's predicted wait', source: 'minutes without events in business hours' },
		forSec: 'Pending period (s)',
		forSecHelp: 'the condition must hold this long before it fires',
		clearSec: 'Clear period (s)',
		clearSecHelp: 'the condition must be gone this long before it resolves',
		minOffered: 'Minimum offered (15 min)',
		minOfferedHelp: 'below this volume the service level is not judged',
		noData: 'When there is no data',
		noDataHold: 'hold (never fire or escalate)',
		noDataAlert: 'raise L1',
		ackTimeoutMin: 'Acknowledgement lasts (min)',
		repeatMin: 'Reminder every (min, 0 = never)',
		save: 'Save rule',
		saved: 'Saved',
		advanced: 'Advanced: JSON',
		saveJson: 'Save JSON',
		errRequired: 'required',
		errNumber: 'a number ≥ 0',
		errWhole: 'a whole number ≥ 0',
		errPositive: 'a number > 0',
		errIncreasing: 'must be above the previous level',
		fixFirst: 'Fix the marked fields first'
	},
	silence: {
		title: 'Silences (book ahead)',
		starts: 'Starts',
		ends: 'Ends',
		channel: 'Channel',
		levels: 'Levels',
		reason: 'Reason',
		createdBy: 'Created by',
		add: 'Book silence',
		remove: 'Remove',
		active: 'active',
		upcoming: 'upcoming',
		none: 'No silences',
		errEnd: 'the end must be after the start',
		errReason: 'give a reason'
	}
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
		case 'source_silent_min':
			return fmtDuration(value * 60_000);
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
