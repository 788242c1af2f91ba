/**
 * ECharts options for the planning page (browser-safe, pure): the forecast with its bands, and the
 * staffing plan of one channel. Labels come from the caller (zh-CN / English).
 */
import type { EChartsOption } from 'echarts';
import type { ChannelForecast } from '$lib/types/planning';
import type { ChannelPlan } from './staffingPlan';

export interface ForecastChartLabels {
	history: string;
	band95: string;
	band80: string;
	forecast: string;
}

/**
 * Daily history, then the forecast with its 80 % and 95 % bands, on one date axis; peak events as
 * shaded areas. A band is drawn as an invisible line at its low edge with the band's width stacked on
 * it, so the forecast series are padded with nulls over the history's dates.
 */
export function forecastChartOption(f: ChannelForecast, l: ForecastChartLabels): EChartsOption {
	const dates = [...f.historyDaily.map((d) => d.date), ...f.daily.map((d) => d.date)];
	const before: null[] = Array(f.historyDaily.length).fill(null);
	const pad = (xs: number[]) => [...before, ...xs];
	const edge = { symbol: 'none', lineStyle: { opacity: 0 } } as const;
	return {
		tooltip: { trigger: 'axis' },
		legend: { top: 0, textStyle: { color: '#d1d5db' }, data: [l.history, l.band95, l.band80, l.forecast] },
		grid: { left: 60, right: 20, top: 30, bottom: 30 },
		xAxis: { type: 'category', data: dates },
		yAxis: { type: 'value' },
		series: [
			{ name: l.history, type: 'line', data: f.historyDaily.map((d) => d.count), symbol: 'none', lineStyle: { color: '#9ca3af' } },
			{ name: 'lo95', type: 'line', data: pad(f.daily.map((d) => d.lo95)), stack: 'b95', ...edge, silent: true },
			{ name: l.band95, type: 'line', data: pad(f.daily.map((d) => d.hi95 - d.lo95)), stack: 'b95', ...edge, areaStyle: { color: '#60a5fa22' } },
			{ name: 'lo80', type: 'line', data: pad(f.daily.map((d) => d.lo80)), stack: 'b80', ...edge, silent: true },
			{ name: l.band80, type: 'line', data: pad(f.daily.map((d) => d.hi80 - d.lo80)), stack: 'b80', ...edge, areaStyle: { color: '#60a5fa44' } },
			{
				name: l.forecast,
				type: 'line',
				data: pad(f.daily.map((d) => Math.round(d.forecast))),
				symbol: 'none',
				lineStyle: { color: '#60a5fa', width: 2 },
				markArea: { itemStyle: { color: '#f9731622' }, data: f.events.map((e) => [{ name: e.name, xAxis: e.dateStart }, { xAxis: e.dateEnd }] as [{ name: string; xAxis: string }, { xAxis: string }]) }
			}
		]
	};
}

export interface StaffingChartLabels {
	scheduled: string;
	agents: string;
	volume: string;
}

/** Scheduled and required agents per interval (steps, left axis) over the volume (bars, right axis, one decimal). */
export function staffingChartOption(p: ChannelPlan, l: StaffingChartLabels): EChartsOption {
	return {
		tooltip: { trigger: 'axis' },
		legend: { top: 0, textStyle: { color: '#d1d5db' } },
		grid: { left: 60, right: 60, top: 30, bottom: 30 },
		xAxis: { type: 'category', data: p.intervals.map((i) => i.timestamp) },
		yAxis: [
			{ type: 'value', name: l.agents },
			{ type: 'value', name: l.volume }
		],
		series: [
			{ name: l.scheduled, type: 'line', step: 'end', data: p.intervals.map((i) => i.scheduled), symbol: 'none', lineStyle: { color: '#f97316' } },
			{ name: l.agents, type: 'line', step: 'end', data: p.intervals.map((i) => i.agents), symbol: 'none', lineStyle: { color: '#22c55e' } },
			{ name: l.volume, type: 'bar', yAxisIndex: 1, data: p.intervals.map((i) => Math.round(i.volume * 10) / 10), itemStyle: { color: '#3b82f655' } }
		]
	};
}
