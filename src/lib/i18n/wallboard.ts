import type { Lang } from './index';

/**
 * The wall-board's figures: short label (tile), full name, and definition (tooltip and legend) in both
 * languages. docs/metrics.md "The wall-board's figures" is the same table; keep them together.
 */
export type FigureId =
	| 'waiting'
	| 'longestWait'
	| 'sl15'
	| 'slToday'
	| 'offered'
	| 'immediate'
	| 'frt'
	| 'frtP90'
	| 'aht'
	| 'abandon'
	| 'occupancy'
	| 'fcr'
	| 'csat'
	| 'serving'
	| 'centre';

interface Figure {
	short: string;
	name: string;
	def: string;
}

const zh: Record<FigureId, Figure> = {
	waiting: { short: '排队中', name: '排队中', def: '此刻在等待坐席的咨询数（含转回队列、重开）。' },
	longestWait: { short: '最长等待', name: '最长等待', def: '最久一条仍在等待的咨询已等待的时长，按秒四舍五入；超过一级/二级阈值变黄/红。' },
	sl15: { short: '服务水平·15分', name: '服务水平（近15分钟）', def: '目标时长 T 内首次响应数 ÷（已响应 + T 后放弃 + 等待已超过 T 仍未响应）。仍在 T 内等待的咨询尚未计入；5 秒内放弃不计。' },
	slToday: { short: '服务水平·今日', name: '服务水平（今日）', def: '同上，统计窗口为今日 0 点（本地时区）至今。' },
	offered: { short: '今日咨询', name: '咨询量（今日）', def: '今日到达的咨询数。' },
	immediate: { short: '即时响应', name: '即时响应率（今日）', def: '60 秒内首次响应的到达数 ÷ 结果已知的到达数（已响应、已放弃或已等待超过 60 秒）。仅在线/电话。' },
	frt: { short: '首响均值', name: '平均首次响应时长（今日）', def: '到达 → 首次人工响应的平均值，按秒四舍五入。' },
	frtP90: { short: '首响P90', name: '首次响应 P90（今日）', def: '90% 的首次响应不超过此时长（按秒向上取整的分桶上沿）。' },
	aht: { short: '处理时长', name: '平均处理时长（今日）', def: '接起 → 解决的平均值，按今日解决的咨询计。' },
	abandon: { short: '放弃率', name: '放弃率（今日）', def: '放弃数 ÷ 结果已知的到达数（仍在 T 内等待的不计）。' },
	occupancy: { short: '占用率', name: '占用率（当前）', def: 'Σ 忙碌份额 ÷ 在岗坐席（空闲+接待+话后）；通话/话后 = 1，在线坐席 = 持有会话数 ÷ 最大并发（上限 1）。持有会话的坐席计为接待中。' },
	fcr: { short: '首解率', name: '首次解决率（今日）', def: '（今日解决数 − 当日被重开的）÷ 今日解决数。' },
	csat: { short: '满意度', name: '满意度（今日）', def: '今日评价的平均分（1–5）。' },
	serving: { short: '服务本渠道的坐席', name: '服务本渠道的坐席', def: '技能包含本渠道的在线坐席；多技能坐席在每个渠道都计入，各渠道之和不是人数。未声明渠道的坐席只计入全中心。' },
	centre: { short: '全中心在线', name: '全中心在线坐席', def: '每位在线坐席只计一次，含未声明渠道的坐席。' }
};

const en: Record<FigureId, Figure> = {
	waiting: { short: 'Waiting', name: 'Waiting', def: 'Contacts waiting for an agent now (re-queued and reopened included).' },
	longestWait: { short: 'Longest wait', name: 'Longest wait', def: 'How long the oldest contact still waiting has waited, rounded to the second; amber/red past L1/L2.' },
	sl15: { short: 'SL · 15 min', name: 'Service level (last 15 min)', def: 'First responses within T ÷ (answered + abandoned after T + still waiting past T). Contacts waiting inside T are not counted yet; abandons within 5 s are excluded.' },
	slToday: { short: 'SL · today', name: 'Service level (today)', def: 'The same since local midnight.' },
	offered: { short: 'Offered', name: 'Offered (today)', def: 'Contacts that arrived today.' },
	immediate: { short: 'Immediate', name: 'Immediate response (today)', def: 'Arrivals first-responded within 60 s ÷ arrivals whose outcome is known (answered, abandoned, or waiting over 60 s). Chat and phone only.' },
	frt: { short: 'FRT avg', name: 'Average first response (today)', def: 'Mean of arrival → first human response, rounded to the second.' },
	frtP90: { short: 'FRT p90', name: 'First response p90 (today)', def: '90 % of first responses took at most this (upper edge of the whole-second bucket).' },
	aht: { short: 'AHT', name: 'Average handle time (today)', def: 'Mean of pickup → resolution over contacts resolved today.' },
	abandon: { short: 'Abandon', name: 'Abandon rate (today)', def: 'Abandoned ÷ arrivals whose outcome is known (contacts waiting inside T are not counted yet).' },
	occupancy: { short: 'Occupancy', name: 'Occupancy (now)', def: 'Σ busy share ÷ staffed agents (available + busy + ACW); on a call or in ACW = 1, chat = chats held ÷ max concurrency (at most 1). An agent holding a chat counts as busy.' },
	fcr: { short: 'FCR', name: 'First-contact resolution (today)', def: '(Resolved today − reopened the same day) ÷ resolved today.' },
	csat: { short: 'CSAT', name: 'Satisfaction (today)', def: 'Mean rating (1–5) given today.' },
	serving: { short: 'Agents serving', name: 'Agents serving this channel', def: 'Logged-in agents with this channel among their skills; a multi-skill agent counts on every channel it serves, so the channels do not add up to headcount. Agents without channels count in the centre total only.' },
	centre: { short: 'Centre logged in', name: 'Agents logged in (centre)', def: 'Every logged-in agent once, agents without channels included.' }
};

export const figures: Record<Lang, Record<FigureId, Figure>> = { 'zh-CN': zh, en };

/** Other wall-board strings (drill-down, agent list, legend). */
const zhUi = {
	definitions: '指标口径',
	close: '关闭',
	queues: '队列',
	teams: '班组',
	queue: '队列',
	team: '班组',
	drillDown: '渠道明细',
	allChannels: '全部渠道',
	agentList: '坐席实时列表',
	noName: '未提供姓名，显示编号',
	agent: '坐席',
	state: '状态',
	timeInState: '状态时长',
	chats: '会话/并发',
	handledToday: '今日处理',
	ahtToday: '今日均时',
	channels: '渠道',
	all: '全部',
	overLimit: '超时',
	agentsShown: (n: number, total: number) => `显示 ${n} / ${total} 位坐席`,
	free: '空闲',
	busy: '接待中',
	acw: '话后',
	brk: '小休',
	reasonWait: (_wait: string, limit: string) => `等待超过 ${limit}`,
	reasonEngine: '预警中心',
	moreTeams: (n: number) => `另有 ${n} 个班组`,
	typical: '同期典型',
	serviceLevel: '服务水平',
	slShort: '服务水平',
	longestShort: '最长等待',
	min15: '15分钟',
	today: '今日',
	todaySuffix: '今日',
	actual: '今日实际',
	rotating: '轮播'
};
type Ui = typeof zhUi;
const enUi: Ui = {
	definitions: 'Definitions',
	close: 'Close',
	queues: 'Queues',
	teams: 'Teams',
	queue: 'Queue',
	team: 'Team',
	drillDown: 'Channel detail',
	allChannels: 'All channels',
	agentList: 'Live agents',
	noName: 'no name sent: the id is shown',
	agent: 'Agent',
	state: 'State',
	timeInState: 'In state',
	chats: 'Held/max',
	handledToday: 'Handled',
	ahtToday: 'AHT',
	channels: 'Channels',
	all: 'All',
	overLimit: 'over limit',
	agentsShown: (n: number, total: number) => `${n} of ${total} agents`,
	free: 'Free',
	busy: 'Busy',
	acw: 'ACW',
	brk: 'Break',
	reasonWait: (_wait: string, limit: string) => `wait over ${limit}`,
	reasonEngine: 'Alert inbox',
	moreTeams: (n: number) => `${n} more teams`,
	typical: 'Typical',
	serviceLevel: 'Service level',
	slShort: 'SL',
	longestShort: 'Longest',
	min15: '15 min',
	today: 'Today',
	todaySuffix: 'today',
	actual: 'Today',
	rotating: 'Rotating'
};
export const boardUi: Record<Lang, Ui> = { 'zh-CN': zhUi, en: enUi };
