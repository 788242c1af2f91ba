import { DateTime } from 'luxon';
import type { CalendarEvent } from '$forecast/calendar/index';
import { forecastVolume, type ModelName, type UpliftOverride } from '$forecast/volume/index';
import type { ChannelForecast } from '$lib/types/planning';

export type { ChannelForecast };

/** One channel's forecast job: its interval history as parallel arrays, and what to forecast. */
export interface ChannelJob {
	channel: string;
	/** interval starts, epoch seconds (UTC), ascending */
	t: Float64Array;
	offered: Float64Array;
	fromSec: number;
	toSec: number;
	intervalMin: 15 | 30;
	zone: string;
	/** the intervals to forecast; empty = the rest of the day the history ends in and the next day */
	timestamps: string[];
	events: CalendarEvent[];
	model: ModelName | 'auto';
	upliftOverrides: UpliftOverride[];
	/** first date (YYYY-MM-DD) of the daily history returned for the chart */
	historyFrom: string;
	/** plan window, to keep only the events inside it */
	window: { fromDate: string; toDate: string };
}


/**
 * Fits and forecasts one channel. CPU-bound (about half a second for two years of 15-minute
 * history), so the server runs it on a worker thread (./forecastWorker) and never on the thread
 * that serves the board and the ingester.
 */
export function forecastChannel(job: ChannelJob): ChannelForecast {
	const history = denseHistory(job);
	const f = forecastVolume(history, {
		zone: job.zone,
		intervalMin: job.intervalMin,
		...(job.timestamps.length > 0 ? { timestamps: job.timestamps } : { horizonDays: 1 }),
		events: job.events,
		model: job.model,
		upliftOverrides: job.upliftOverrides
	});
	const dailyHist = new Map<string, number>();
	for (const h of history) {
		const date = h.timestamp.slice(0, 10);
		if (date >= job.historyFrom) dailyHist.set(date, (dailyHist.get(date) ?? 0) + h.count);
	}
	return {
		channel: job.channel,
		model: f.model,
		modelChosenBy: f.modelChosenBy,
		candidates: f.candidates,
		historyDaily: [...dailyHist].map(([date, count]) => ({ date, count })),
		points: f.points,
		daily: f.daily.map((d) => ({
			date: d.date,
			forecast: d.forecast,
			lo80: d.lo80,
			hi80: d.hi80,
			lo95: d.lo95,
			hi95: d.hi95,
			p50: d.p50,
			p80: d.p80,
			p90: d.p90,
			uplift: d.uplift,
			...(d.upliftBasis ? { upliftBasis: d.upliftBasis } : {}),
			...(d.event ? { event: { name: d.event.name, phase: d.event.phase, offset: d.event.offset } } : {}),
			dayType: d.dayType
		})),
		total: { forecast: f.total.forecast, p50: f.total.p50, p80: f.total.p80, p90: f.total.p90 },
		events: f.events.filter((e) => e.dateEnd >= job.window.fromDate && e.dateStart <= job.window.toDate),
		overrides: f.overrides,
		warnings: f.warnings,
		historyDays: Math.round(history.length / (1440 / job.intervalMin)),
		...(f.intraday ? { intraday: f.intraday } : {})
	};
}

/** Every interval from the first data point on, zeros where the centre had no contacts. */
function denseHistory(job: ChannelJob): { timestamp: string; count: number }[] {
	const step = job.intervalMin * 60;
	const byT = new Map<number, number>();
	for (let i = 0; i < job.t.length; i++) byT.set(job.t[i], job.offered[i]);
	const first = Math.max(job.fromSec, Math.floor(job.t[0] / step) * step);
	const out: { timestamp: string; count: number }[] = [];
	for (let t = first; t < job.toSec; t += step) {
		out.push({ timestamp: DateTime.fromSeconds(t, { zone: job.zone }).toFormat('yyyy-MM-dd HH:mm'), count: byT.get(t) ?? 0 });
	}
	return out;
}
