import type { CalendarEvent } from '../calendar/CalendarEvent';
import { validateCalendarEvent } from '../calendar/CalendarEvent';
import { dateOfDay } from '../calendar/localDate';
import { aggregateGrid, type SeriesGrid } from './buildSeriesGrid';
import { buildSeriesContext } from './buildSeriesContext';
import { applyCalibration } from './calibrateIntervals';
import { fitVolumeModels } from './fitVolumeModels';
import { assembleForecast, gridAtInterval, type ForecastTarget } from './forecastVolume';
import { assertZone, DEFAULT_ZONE, formatTimestamp } from './parseTimestamp';
import { scoreForecast } from './scoreForecast';
import { seasonalNaiveScale, weeklySeries } from './seasonalNaiveScale';
import { MODEL_NAMES, type Metrics, type ModelName, type ModelScore, type VolumePoint } from './types';

export interface HoldoutOptions {
	/** the last N calendar days of the history are held out and forecast */
	holdoutDays: number;
	events?: readonly CalendarEvent[];
	zone?: string;
	intervalMin?: number;
	/** force the "chosen" model instead of the backtest choice */
	model?: ModelName | 'auto';
	backtest?: { origins?: number; horizonDays?: number };
}

export interface HoldoutRow {
	model: ModelName;
	/** 'native' (the interval), '30min' (when the interval is shorter) or 'day' */
	level: string;
	metrics: Metrics;
}

export interface HoldoutReport {
	intervalMin: number;
	trainStart: string;
	trainEnd: string;
	holdoutStart: string;
	holdoutEnd: string;
	chosen: ModelName;
	chosenBy: 'backtest' | 'option';
	/** MASE scales (in-sample seasonal-naive MAE, one week of open intervals) per level */
	scale: Record<string, { q: number; m: number }>;
	/** candidate scores on the rolling-origin backtests inside the training span */
	candidates: ModelScore[];
	rows: HoldoutRow[];
	/** per model: forecasts of the scored points, in time order */
	forecasts: Record<ModelName, Array<{ timestamp: string; actual: number; forecast: number; lo80: number; hi80: number; lo95: number; hi95: number }>>;
	warnings: string[];
}

/** The part of a grid before `endDay` (exclusive). */
function sliceGrid(grid: SeriesGrid, endDay: number): SeriesGrid {
	const numDays = endDay - grid.firstDay;
	const S = grid.slotsPerDay;
	let lastD = numDays - 1;
	while (lastD >= 0 && grid.rowsPerDay[lastD] === 0) lastD--;
	if (lastD < 0) throw new Error('backtestVolume: no history before the holdout; shorten holdoutDays');
	let lastS = S - 1;
	while (lastS > 0 && Number.isNaN(grid.values[lastD * S + lastS])) lastS--;
	return {
		intervalMin: grid.intervalMin,
		slotsPerDay: S,
		firstDay: grid.firstDay,
		numDays: lastD + 1,
		values: grid.values.slice(0, (lastD + 1) * S),
		rowsPerDay: grid.rowsPerDay.slice(0, lastD + 1),
		last: { day: grid.firstDay + lastD, minuteOfDay: lastS * grid.intervalMin, second: 0 }
	};
}

/**
 * Holds out the last `holdoutDays` calendar days, fits every candidate on the rest exactly as
 * forecastVolume would (model choice and intervals from rolling-origin backtests inside the
 * training span only), forecasts every held-out interval that has a row, and scores each model at
 * the native interval, at 30 minutes (when finer) and per day: WAPE, MASE, bias, 80/95 % coverage
 * (./scoreForecast). MASE scales come from the training span as the bank anchors defined them
 * (./seasonalNaiveScale, m = one week of open intervals at that level).
 *
 * @throws if `holdoutDays` is not a positive integer, leaves no training data, or the history is
 *   invalid.
 * @example backtestVolume(points, { holdoutDays: 14 }).rows.find((r) => r.level === 'day')
 */
export function backtestVolume(history: readonly VolumePoint[], options: HoldoutOptions): HoldoutReport {
	const zone = options.zone ?? DEFAULT_ZONE;
	assertZone(zone);
	const H = options.holdoutDays;
	if (!Number.isInteger(H) || H < 1) throw new Error(`backtestVolume: holdoutDays must be a positive integer, got ${H}`);
	const model = options.model ?? 'auto';
	if (model !== 'auto' && !MODEL_NAMES.includes(model)) {
		throw new Error(`backtestVolume: model must be 'auto' or one of ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(model)}`);
	}
	const events = (options.events ?? []).map((e, i) => validateCalendarEvent(e, `events[${i}]`));
	const full = gridAtInterval(history, zone, options.intervalMin);
	const lastDay = full.firstDay + full.numDays - 1;
	const holdoutStart = lastDay - H + 1;
	const train = sliceGrid(full, holdoutStart);
	const S = full.slotsPerDay;

	// Every held-out interval with a row is scored (missing days are simply absent).
	const targets: ForecastTarget[] = [];
	const actual: number[] = [];
	for (let day = holdoutStart; day <= lastDay; day++) {
		const d = day - full.firstDay;
		for (let s = 0; s < S; s++) {
			const v = full.values[d * S + s];
			if (Number.isNaN(v)) continue;
			targets.push({ day, slot: s, label: formatTimestamp(day, s * full.intervalMin) });
			actual.push(v);
		}
	}
	if (targets.length === 0) throw new Error('backtestVolume: the holdout has no data rows');

	const ctx = buildSeriesContext(train, events, lastDay - train.firstDay - train.numDays + 2);
	const models = fitVolumeModels(ctx, options.backtest);
	const chosen = model === 'auto' ? models.best : model;
	const origin = ctx.lastDay + 1;
	const horizonDays = lastDay - ctx.lastDay;

	// MASE scales per level from the training span.
	const levels: Array<{ name: string; minutes: number | 'day' }> = [{ name: 'native', minutes: full.intervalMin }];
	if (full.intervalMin < 30 && 30 % full.intervalMin === 0) levels.push({ name: '30min', minutes: 30 });
	levels.push({ name: 'day', minutes: 'day' });
	const scale: Record<string, { q: number; m: number }> = {};
	for (const lvl of levels) {
		const g = lvl.minutes === 'day' ? aggregateGrid(train, 1440) : aggregateGrid(train, lvl.minutes);
		const ws = weeklySeries(buildSeriesContext(g, events, 0), ctx.lastDay + 1);
		scale[lvl.name] = { q: ws.series.length > ws.m ? seasonalNaiveScale(ws.series, ws.m) : NaN, m: ws.m };
	}

	const rows: HoldoutRow[] = [];
	const forecasts = {} as HoldoutReport['forecasts'];
	const order: ModelName[] = [chosen, ...MODEL_NAMES.filter((m) => m !== chosen)];
	for (const m of order) {
		const fc = assembleForecast(models, m, m === chosen && model === 'auto' ? 'backtest' : 'option', horizonDays, targets, { events }, zone);
		forecasts[m] = fc.points.map((p, i) => ({
			timestamp: p.timestamp,
			actual: actual[i],
			forecast: p.forecast,
			lo80: p.lo80,
			hi80: p.hi80,
			lo95: p.lo95,
			hi95: p.hi95
		}));
		for (const lvl of levels) {
			let series: { actual: number[]; forecast: number[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[] };
			if (lvl.name === 'native') {
				series = {
					actual,
					forecast: fc.points.map((p) => p.forecast),
					lo80: fc.points.map((p) => p.lo80),
					hi80: fc.points.map((p) => p.hi80),
					lo95: fc.points.map((p) => p.lo95),
					hi95: fc.points.map((p) => p.hi95)
				};
			} else {
				const per = lvl.minutes === 'day' ? S : (lvl.minutes as number) / full.intervalMin;
				const cal = models.calibration(m, lvl.minutes === 'day' ? 'day' : (lvl.minutes as number));
				const buckets = new Map<string, { day: number; y: number; f: number }>();
				targets.forEach((t, i) => {
					const key = `${t.day}|${Math.floor(t.slot / per)}`;
					let b = buckets.get(key);
					if (!b) buckets.set(key, (b = { day: t.day, y: 0, f: 0 }));
					b.y += actual[i];
					b.f += fc.points[i].forecast;
				});
				series = { actual: [], forecast: [], lo80: [], hi80: [], lo95: [], hi95: [] };
				for (const b of buckets.values()) {
					const iv = applyCalibration(cal, b.f, b.day - origin);
					series.actual.push(b.y);
					series.forecast.push(b.f);
					series.lo80.push(iv.lo80);
					series.hi80.push(iv.hi80);
					series.lo95.push(iv.lo95);
					series.hi95.push(iv.hi95);
				}
			}
			rows.push({ model: m, level: lvl.name, metrics: scoreForecast(series, scale[lvl.name].q) });
		}
	}
	return {
		intervalMin: full.intervalMin,
		trainStart: dateOfDay(train.firstDay),
		trainEnd: dateOfDay(ctx.lastDay),
		holdoutStart: dateOfDay(holdoutStart),
		holdoutEnd: dateOfDay(lastDay),
		chosen,
		chosenBy: model === 'auto' ? 'backtest' : 'option',
		scale,
		candidates: models.scores,
		rows,
		forecasts,
		warnings: models.warnings
	};
}
