import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { builtInEvents, type CalendarEvent } from '$forecast/calendar/index';
import * as v from 'valibot';
import type { ForecastProgress, PlanWindow } from '$lib/types/planning';
import { PLAN_EVENT_ALIASES, planRequestSchema, type PlanRequest } from '$lib/types/planRequest';
import { problemsOf } from '../app/issues';
import { planningHistory } from './history';
import type { ChannelForecast } from './forecastChannel';
import type { ForecastRunner } from './forecastWorker';

export type { PlanRequest, PlanWindow };

export type Progress = (p: ForecastProgress) => void;

const ALIASES = PLAN_EVENT_ALIASES;

/** Checks a request against the configuration (schema: $lib/types/planRequest.ts); the first problem names its field. */
export function parsePlanRequest(body: unknown, known: { channels: string[]; queues: string[] }): PlanRequest | { error: string; field: string } {
	if (typeof body !== 'object' || body === null) return { error: 'body must be a JSON object', field: '' };
	const r = v.safeParse(planRequestSchema(known), body);
	if (r.success) return r.output;
	const [first] = problemsOf(r.issues);
	return { field: first.field, error: first.rule };
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
