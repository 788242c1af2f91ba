import type { Lang } from './index';

/** Strings of the intraday re-forecast (board chart and tile, /planning/intraday). */
const zh = {
	dayAhead: '日前预测',
	reforecast: '滚动预测',
	band80: '80% 区间',
	forecastToday: '今日预测',
	vsForecast: '较预测',
	staffingGap: '人力缺口',
	now: '当前',
	// on the channel's own tile: the tile names the channel, so the sentence does not (it fits in English too)
	shortFrom: (n: number, hhmm: string) => `从 ${hhmm} 起缺 ${n} 人`,
	enough: '人力充足',
	title: '日内管理',
	channel: '渠道',
	interval: '时段',
	forecast: '日前预测',
	actual: '实际',
	required: '需求人数',
	staffed: '在岗人数',
	gap: '缺口',
	exportCsv: '导出 CSV',
	computedAt: '滚动预测时间',
	notYet: '尚未计算',
	aht: '今日平均处理时长（秒）',
	gapNote: '需求人数按规划页的人力模型（渠道服务水平目标、今日处理时长、并发数、最高占用率 85%）；在岗 = 空闲 + 通话/会话中 + 话后处理。'
};
const en: typeof zh = {
	dayAhead: 'Day-ahead forecast',
	reforecast: 'Re-forecast',
	band80: '80% band',
	forecastToday: 'Forecast today',
	vsForecast: 'vs forecast',
	staffingGap: 'Staffing gap',
	now: 'now',
	shortFrom: (n: number, hhmm: string) => `${n} agent${n === 1 ? '' : 's'} short from ${hhmm}`,
	enough: 'staffed to plan',
	title: 'Intraday management',
	channel: 'Channel',
	interval: 'Interval',
	forecast: 'Day-ahead',
	actual: 'Actual',
	required: 'Required',
	staffed: 'Staffed',
	gap: 'Gap',
	exportCsv: 'Export CSV',
	computedAt: 'Re-forecast at',
	notYet: 'not computed yet',
	aht: "Today's AHT (s)",
	gapNote: "Required agents use the planning page's staffing model (the channel's SL target, today's handle time, concurrency, max occupancy 85%); staffed = available + on contact + after-contact work."
};
export type IntradayMessages = typeof zh;
export const intradayMessages: Record<Lang, IntradayMessages> = { 'zh-CN': zh, en };
