import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { builtInEvents, type CalendarEvent } from '$forecast/calendar/index';
import type { UpliftOverride } from '$forecast/volume/index';
import type { ForecastProgress, PlanRequest, PlanWindow } from '$lib/types/planning';
import { planningHistory } from './history';
import type { ChannelForecast } from './forecastChannel';
import type { ForecastRunner } from './forecastWorker';

export type { PlanRequest, PlanWindow };

export type Progress = (p: ForecastProgress) => void;

const ALIASES: Record<string, string> = { double11: 'Double 11 (双11)', '618': '618 (年中大促)', double12: 'Double 12 (双12)' };

export function parsePlanRequest(body: unknown, known: { channels: string[]; queues: string[] }): PlanRequest | { error: string; field: string } {
	if (typeof body !== 'object' || body === null) return { error: 'body must be a JSON object', field: '' };
	const b = body as Record<string, unknown>;
	const channels = Array.isArray(b.channels) ? b.channels : [];
	if (channels.length === 0 || channels.some((c) => typeof c !== 'string' || !known.channels.includes(c))) {
		return { field: 'channels', error: `must be a non-empty list of configured channels (${known.channels.join(', ')})` };
	}
	const queues = Array.isArray(b.queues) ? b.queues : [];
	if (queues.some((q) => typeof q !== 'string' || !known.queues.includes(q))) return { field: 'queues', error: `must list configured queues (${known.queues.join(', ')})` };
	const h = (b.horizon ?? { kind: 'weeks', weeks: 4 }) as Record<string, unknown>;
	let horizon: PlanRequest['horizon'];
	if (h.kind === 'weeks') {
		const weeks = Number(h.weeks);
		if (!Number.isInteger(weeks) || weeks < 1 || weeks > 26) return { field: 'horizon.weeks', error: 'must be a whole number of weeks from 1 to 26' };
		horizon = { kind: 'weeks', weeks };
	} else if (h.kind === 'event' && typeof h.event === 'string') {
		const custom = typeof h.dateStart === 'string' && typeof h.dateEnd === 'string';
		if (custom && !(/^\d{4}-\d{2}-\d{2}$/.test(h.dateStart as string) && /^\d{4}-\d{2}-\d{2}$/.test(h.dateEnd as string) && (h.dateStart as string) <= (h.dateEnd as string))) {
			return { field: 'horizon.dateStart', error: 'a custom event needs dateStart ≤ dateEnd as YYYY-MM-DD' };
		}
		if (!custom && !ALIASES[h.event] && !Object.values(ALIASES).includes(h.event)) {
			return { field: 'horizon.event', error: `unknown event "${h.event}"; use double11, 618, double12, or a custom event with dateStart and dateEnd` };
		}
		horizon = { kind: 'event', event: h.event, dateStart: h.dateStart as string | undefined, dateEnd: h.dateEnd as string | undefined };
	} else return { field: 'horizon', error: 'must be {kind: "weeks", weeks} or {kind: "event", event[, dateStart, dateEnd]}' };
	const model = (b.model ?? 'auto') as PlanRequest['model'];
	if (!['auto', 'topdown', 'combo', 'avg4w', 'snaive'].includes(model)) return { field: 'model', error: 'must be auto, topdown, combo, avg4w or snaive' };
	const intervalMin = Number(b.intervalMin ?? 15);
	if (intervalMin !== 15 && intervalMin !== 30) return { field: 'intervalMin', error: 'must be 15 or 30' };
	const upliftOverrides = Array.isArray(b.upliftOverrides) ? (b.upliftOverrides as UpliftOverride[]) : [];
	for (const [i, o] of upliftOverrides.entries()) {
		if (typeof o?.eventName !== 'string' || !(Number(o.upliftFactor) > 0 && Number(o.upliftFactor) <= 20)) {
			return { field: `upliftOverrides[${i}]`, error: 'needs eventName and an upliftFactor above 0 and at most 20' };
		}
		if (o.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(o.date))) {
			return { field: `upliftOverrides[${i}].date`, error: `must be YYYY-MM-DD (a day of the event) or absent (every day of it), got ${JSON.stringify(o.date)}` };
		}
	}
	return { channels: channels as string[], queues: queues as string[], horizon, model, intervalMin, upliftOverrides };
}

/**
 * Forecasts each channel from the history in ClickHouse (two years back, at the plan interval)
 * and returns the plan window: the next N weeks, or the peak event's ramp → tail.
 * History comes from the `heavy` connection; each channel's fit runs on the forecast worker
 * thread (./forecastWorker), so the board and the ingester keep answering meanwhile.
 */
export async function runForecast(
	client: ClickHouseClient,
	req: PlanRequest,
	opts: { timezone: string; nowMs: number; progress: Progress; runner: ForecastRunner }
): Promise<{ window: PlanWindow; channels: ChannelForecast[] }> {
	const zone = opts.timezone;
	const today = DateTime.fromMillis(opts.nowMs, { zone }).startOf('day');
	const fromSec = Math.floor(today.minus({ days: 760 }).toSeconds());
	const toSec = Math.floor(today.toSeconds());
	const thisYear = today.year;
	const events: CalendarEvent[] = builtInEvents(Math.max(2020, thisYear - 3), Math.min(2032, thisYear + 2));
	let window: PlanWindow;
	if (req.horizon.kind === 'weeks') {
		window = { fromDate: today.toISODate()!, toDate: today.plus({ days: req.horizon.weeks * 7 - 1 }).toISODate()!, label: `${req.horizon.weeks} weeks` };
	} else if (req.horizon.dateStart && req.horizon.dateEnd) {
		const ev: CalendarEvent = { name: req.horizon.event, kind: 'promotion', dateStart: req.horizon.dateStart, dateEnd: req.horizon.dateEnd, rampDays: 3, tailDays: 7, source: 'user' };
		events.push(ev);
		window = eventWindow(ev, today.toISODate()!);
	} else {
		const name = ALIASES[req.horizon.event] ?? req.horizon.event;
		const next = events.filter((e) => e.name === name && e.dateEnd >= today.toISODate()!).sort((a, b) => a.dateStart.localeCompare(b.dateStart))[0];
		if (!next) throw new Error(`no upcoming "${name}" in the calendar`);
		window = eventWindow(next, today.toISODate()!);
	}
	const out: ChannelForecast[] = [];
	const total = req.channels.length;
	const timestamps: string[] = [];
	for (let d = DateTime.fromISO(window.fromDate, { zone }); d.toISODate()! <= window.toDate; d = d.plus({ days: 1 })) {
		for (let m = 0; m < 1440; m += req.intervalMin) timestamps.push(d.plus({ minutes: m }).toFormat('yyyy-MM-dd HH:mm'));
	}
	const historyFrom = today.minus({ weeks: 8 }).toISODate()!;
	for (const [i, channel] of req.channels.entries()) {
		opts.progress({ step: 'fit', channel, done: i, total });
		const series = await planningHistory(client, { channel, queues: req.queues, fromSec, toSec, intervalMin: req.intervalMin, tz: zone });
		if (series.length === 0) {
			throw new Error(
				`no history for channel "${channel}" since ${today.minus({ days: 760 }).toISODate()}: import past interval volumes on /planning/history (or POST /api/v1/history), send events, or run the demo's backfill`
			);
		}
		out.push(
			await opts.runner.run({
				channel,
				t: Float64Array.from(series, (r) => r.t),
				offered: Float64Array.from(series, (r) => r.offered),
				fromSec,
				toSec,
				intervalMin: req.intervalMin,
				zone,
				timestamps,
				events,
				model: req.model,
				upliftOverrides: req.upliftOverrides,
				historyFrom,
				window
			})
		);
	}
	opts.progress({ step: 'done', done: total, total });
	return { window, channels: out };
}

function eventWindow(ev: CalendarEvent, today: string): PlanWindow {
	const from = DateTime.fromISO(ev.dateStart).minus({ days: ev.rampDays }).toISODate()!;
	const to = DateTime.fromISO(ev.dateEnd).plus({ days: ev.tailDays }).toISODate()!;
	return { fromDate: from < today ? today : from, toDate: to, label: `${ev.name} ${ev.dateStart}` };
}
