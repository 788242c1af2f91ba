/** UI strings. zh-CN is the default; English via the language switch (cookie `lang`). */
export type Lang = 'zh-CN' | 'en';

const zh = {
	appName: '客服运营监控与排班',
	liveOverview: '实时概览',
	channel: '渠道',
	waiting: '排队中',
	longestWait: '最长等待',
	offered: '咨询量',
	serviceLevel: '服务水平',
	immediateResponse: '即时响应率',
	avgFirstResponse: '平均首次响应',
	aht: '平均处理时长',
	abandonRate: '放弃率',
	agents: '坐席',
	available: '空闲',
	onContact: '通话/会话中',
	acw: '话后处理',
	onBreak: '小休',
	occupancy: '占用率',
	last15m: '近15分钟',
	today: '今日',
	connected: '实时连接',
	stale: '数据停止更新，自',
	health: '系统状态',
	language: 'English'
};
export type Messages = typeof zh;

const en: Messages = {
	appName: 'CS Operations Monitor & Planner',
	liveOverview: 'Live overview',
	channel: 'Channel',
	waiting: 'Waiting',
	longestWait: 'Longest wait',
	offered: 'Offered',
	serviceLevel: 'Service level',
	immediateResponse: 'Immediate response',
	avgFirstResponse: 'Avg first response',
	aht: 'AHT',
	abandonRate: 'Abandon rate',
	agents: 'Agents',
	available: 'Available',
	onContact: 'On contact',
	acw: 'ACW',
	onBreak: 'Break',
	occupancy: 'Occupancy',
	last15m: 'Last 15 min',
	today: 'Today',
	connected: 'Live',
	stale: 'Stale since',
	health: 'Health',
	language: '中文'
};

export const messages: Record<Lang, Messages> = { 'zh-CN': zh, en };
export const channelName = (lang: Lang, c: { nameZh: string; nameEn: string }) => (lang === 'en' ? c.nameEn : c.nameZh);
