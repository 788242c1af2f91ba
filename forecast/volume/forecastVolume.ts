import { dateOfDay, dayNumber, isLocalDate, weekdayOfDay } from '../calendar/localDate';
import { validateCalendarEvent } from '../calendar/CalendarEvent';
import { applyCalibration } from './calibrateIntervals';
import { aggregateGrid, buildSeriesGrid, type SeriesGrid } from './buildSeriesGrid';
import { DEFAULT_INTRADAY_SETTINGS, intradayInterval, reforecastIntraday, type IntradayResult } from './reforecastIntraday';
import { buildSeriesContext } from './buildSeriesContext';
import { sameIntervalAverage } from './baselineModels';
import { fitTopDown, type TopDownDay } from './fitTopDown';
import { fitVolumeModels, type VolumeModels } from './fitVolumeModels';
import { assertZone, DEFAULT_ZONE, formatTimestamp, parseTimestamp } from './parseTimestamp';
import {
	MODEL_NAMES,
	type DailyForecast,
	type EventEffectReport,
	type ForecastOptions,
	type ForecastPoint,
	type IntradayReforecast,
	type ModelName,
	type VolumeForecast,
	type VolumePoint
} from './types';

const INTRADAY_MIN_SHAPE_VAR = DEFAULT_INTRADAY_SETTINGS.minShapeVar;

/** Longest horizon accepted: planners look about a year ahead at most (Double 11 from the spring). */
export const MAX_HORIZON_DAYS = 800;

interface Target {
	day: number;
	slot: number;
	/** the timestamp as it will be written out */
	label: string;
}

/**
 * Builds the working grid at the requested interval: the history's own grid, aggregated when a
 * coarser interval is asked for, or re-gridded when a finer one divides it.
 *
 * @throws if `intervalMin` does not divide 1440 or is incompatible with the history's interval.
 * @example gridAtInterval(points5min, 'Asia/Shanghai', 30).slotsPerDay // 48
 */
export function gridAtInterval(history: readonly VolumePoint[], zone: string, intervalMin?: number): SeriesGrid {
	const native = buildSeriesGrid(history, { zone });
	if (intervalMin === undefined || intervalMin === native.intervalMin) return native;
	if (!Number.isInteger(intervalMin) || intervalMin <= 0 || 1440 % intervalMin !== 0) {
		throw new Error(`forecastVolume: intervalMin must be a positive integer dividing 1440 (5, 15, 30, 60 …), got ${intervalMin}`);
	}
	if (intervalMin % native.intervalMin === 0) return aggregateGrid(native, intervalMin);
	if (native.intervalMin % intervalMin === 0) return buildSeriesGrid(history, { zone, intervalMin });
	throw new Error(
		`forecastVolume: intervalMin ${intervalMin} is not compatible with the history's ${native.intervalMin}-minute grid (use a multiple of it)`
	);
}

/**
 * Forecasts contact volume per interval after the end of `history`, with 80/95 % prediction
 * intervals and P50/P80/P90 quantiles calibrated on rolling-origin backtests, daily totals, the
 * event effects applied and any planner overrides (recorded in the result). Pure: no clock, no
 * I/O; the result is plain JSON.
 *
 * Pipeline: grid on the local wall clock (./buildSeriesGrid) → opening pattern and day classes
 * (./describeDays, ./buildSeriesContext) → candidates backtested from weekly origins and the
 * best chosen (./fitVolumeModels; `options.model` overrides the choice) → final fit at the day
 * after the history → intervals (./calibrateIntervals).
 *
 * @throws if the history is invalid (see buildSeriesGrid), the zone is unknown, both or neither
 *   of `horizonDays`/`timestamps` are given, a timestamp is unparseable, off the grid or not after
 *   the history, an event is invalid, or the model name is unknown.
 * @example forecastVolume(points, { horizonDays: 7, events: builtInEvents(2025, 2026) }).daily[0].forecast
 */
export function forecastVolume(history: readonly VolumePoint[], options: ForecastOptions): VolumeForecast {
	const zone = options.zone ?? DEFAULT_ZONE;
	assertZone(zone);
	const model = options.model ?? 'auto';
	if (model !== 'auto' && !MODEL_NAMES.includes(model)) {
		throw new Error(`forecastVolume: model must be 'auto' or one of ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(model)}`);
	}
	const events = (options.events ?? []).map((e, i) => validateCalendarEvent(e, `events[${i}]`));
	const fullGrid = gridAtInterval(history, zone, options.intervalMin);
	// A history that ends part-way through a day: the models are fitted on the days before it (the
	// half day is never read as a low day) and the rest of it is re-forecast from its actuals.
	const partial = splitPartialDay(history, zone, fullGrid);
	const grid = partial ? partial.priorGrid : fullGrid;
	const lastDay = grid.firstDay + grid.numDays - 1;
	const lastT = fullGrid.last.day * 1440 + fullGrid.last.minuteOfDay;

	const hasH = options.horizonDays !== undefined;
	const hasT = options.timestamps !== undefined;
	if (hasH === hasT) throw new Error('forecastVolume: give exactly one of horizonDays or timestamps');
	let explicit: Target[] | undefined;
	let horizonDays: number;
	let startDay: number | undefined;
	if (hasH) {
		horizonDays = options.horizonDays as number;
		if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) {
			throw new Error(`forecastVolume: horizonDays must be an integer in 1…${MAX_HORIZON_DAYS}, got ${horizonDays}`);
		}
		if (options.fromDate !== undefined) {
			// N whole days from fromDate (which may leave days between the history and it unforecast).
			if (!isLocalDate(options.fromDate)) throw new Error(`forecastVolume: fromDate must be YYYY-MM-DD, got ${JSON.stringify(options.fromDate)}`);
			const fromDay = dayNumber(options.fromDate);
			const firstPossible = partial ? partial.day : lastDay + 1;
			if (fromDay < firstPossible) {
				throw new Error(`forecastVolume: fromDate ${options.fromDate} is not after the history (the first day that can be forecast is ${dateOfDay(firstPossible)})`);
			}
			startDay = fromDay;
			horizonDays += fromDay - (lastDay + 1);
			if (horizonDays > MAX_HORIZON_DAYS) {
				throw new Error(`forecastVolume: fromDate + horizonDays reaches ${horizonDays} days after the history; at most ${MAX_HORIZON_DAYS} are allowed`);
			}
		} else if (partial) {
			// Mid-day: the rest of the partial day plus the N days after it.
			horizonDays += partial.day - lastDay;
		}
	} else {
		if (options.fromDate !== undefined) throw new Error('forecastVolume: fromDate goes with horizonDays, not with timestamps');
		explicit = (options.timestamps as readonly string[]).map((ts, i) => {
			const c = parseTimestamp(ts, zone);
			if (!c) throw new Error(`forecastVolume: timestamps[${i}] is not a timestamp: ${JSON.stringify(ts)}`);
			if (c.second !== 0 || c.minuteOfDay % grid.intervalMin !== 0) {
				throw new Error(`forecastVolume: timestamps[${i}] ${ts} is not on the ${grid.intervalMin}-minute grid`);
			}
			if (c.day * 1440 + c.minuteOfDay <= lastT) {
				throw new Error(`forecastVolume: timestamps[${i}] ${ts} is not after the last history timestamp`);
			}
			return { day: c.day, slot: c.minuteOfDay / grid.intervalMin, label: ts };
		});
		if (explicit.length === 0) throw new Error('forecastVolume: timestamps is empty');
		horizonDays = Math.max(...explicit.map((t) => t.day)) - lastDay;
		if (horizonDays > MAX_HORIZON_DAYS) {
			throw new Error(`forecastVolume: the last timestamp is ${horizonDays} days ahead; at most ${MAX_HORIZON_DAYS} are allowed`);
		}
	}

	const ctx = buildSeriesContext(grid, events, horizonDays);
	const models = fitVolumeModels(ctx, options.backtest);
	const chosen: ModelName = model === 'auto' ? models.best : model;
	const chosenBy = model !== 'auto' ? 'option' : models.origins.length > 0 ? 'backtest' : 'default';
	return assembleForecast(models, chosen, chosenBy, horizonDays, explicit, options, zone, partial, startDay);
}

/** The last day of a history that ends before that day's usual close. */
export interface PartialDay {
	/** absolute day number */
	day: number;
	/** grid of the history before that day (what the models are fitted on) */
	priorGrid: SeriesGrid;
	/** that day's counts per slot of the working interval; NaN = not observed */
	actual: Float64Array;
	/** slots [0, observedSlots) ended before the last observation ended */
	observedSlots: number;
	/** first slot that starts after the last observation (a slot straddling it is neither) */
	firstFutureSlot: number;
	/** minute of day the observations run to (end of the last observed interval) */
	observedUntilMinute: number;
}

/**
 * Whether the history ends part-way through its last day — before the last slot that is usually
 * open on that weekday (learned from the days before it) — and if so that day's actuals on the
 * working grid. Nothing is split when no earlier day exists or the day ran to its usual close.
 *
 * @example splitPartialDay(historyTo1200, 'Asia/Shanghai', grid)?.observedSlots // 60 on a 5-min grid opening 07:00
 */
export function splitPartialDay(history: readonly VolumePoint[], zone: string, fullGrid: SeriesGrid): PartialDay | undefined {
	const { slotsPerDay: S, intervalMin: I, numDays } = fullGrid;
	const day = fullGrid.last.day;
	const d = day - fullGrid.firstDay;
	if (d < 1) return undefined;
	// Usual slots of this weekday, from the same weekdays of the last 12 weeks before it (all
	// earlier days when the weekday never occurred: a day open on an unusual weekday).
	const present = new Int32Array(S);
	let observed = 0;
	const collect = (sameWeekday: boolean) => {
		for (let dd = d - 1; dd >= 0 && dd >= d - 84; dd--) {
			if (sameWeekday && (d - dd) % 7 !== 0) continue;
			if (fullGrid.rowsPerDay[dd] === 0) continue;
			observed++;
			for (let s = 0; s < S; s++) if (!Number.isNaN(fullGrid.values[dd * S + s])) present[s]++;
		}
	};
	collect(true);
	if (observed === 0) collect(false);
	if (observed === 0) return undefined;
	const typical = new Uint8Array(S);
	for (let s = 0; s < S; s++) typical[s] = present[s] >= 0.5 * observed ? 1 : 0;
	let usualClose = -1;
	for (let s = 0; s < S; s++) if (typical[s]) usualClose = s;

	// Exact end of the observations: the last row's minute + the history's own step (the day's
	// rows are parsed again only here; the grid may be coarser than the rows).
	let step = 1440;
	let lastMinute = -1;
	for (let i = history.length - 1; i >= 0; i--) {
		const c = parseTimestamp(String(history[i].timestamp), zone);
		if (!c || c.day !== day) break;
		if (lastMinute < 0) lastMinute = c.minuteOfDay;
		let a = step;
		let b2 = c.minuteOfDay;
		while (b2) [a, b2] = [b2, a % b2];
		step = a;
	}
	if (lastMinute < 0) return undefined;
	const until = lastMinute + Math.min(step, I);
	const firstFutureSlot = Math.ceil(until / I);
	if (usualClose < firstFutureSlot) return undefined;
	const observedSlots = Math.floor(until / I);

	const actual = new Float64Array(S).fill(NaN);
	for (let s = 0; s < observedSlots; s++) {
		const v = fullGrid.values[d * S + s];
		// usually-closed slots without a row had no contacts; usually-open ones without a row are missing
		actual[s] = Number.isNaN(v) && !typical[s] ? 0 : v;
	}
	// The grid of the days before: the same matrix without its last row, ending at its last row present.
	const values = fullGrid.values.slice(0, d * S);
	const rowsPerDay = fullGrid.rowsPerDay.slice(0, d);
	let lastIdx = values.length - 1;
	while (lastIdx >= 0 && Number.isNaN(values[lastIdx])) lastIdx--;
	if (lastIdx < 0) return undefined;
	// trailing days without rows are dropped, as buildSeriesGrid would never have produced them
	const priorDays = Math.floor(lastIdx / S) + 1;
	const priorGrid: SeriesGrid = {
		intervalMin: I,
		slotsPerDay: S,
		firstDay: fullGrid.firstDay,
		numDays: priorDays,
		values: values.slice(0, priorDays * S),
		rowsPerDay: rowsPerDay.slice(0, priorDays),
		last: { day: fullGrid.firstDay + priorDays - 1, minuteOfDay: (lastIdx % S) * I, second: 0 }
	};
	void numDays;
	return { day, priorGrid, actual, observedSlots, firstFutureSlot, observedUntilMinute: until };
}

/**
 * Final fit at the day after the history and the output tables (points with intervals, daily
 * totals, event report, applied overrides). Exported for ./backtestVolume, which forecasts a
 * holdout with every candidate from one set of backtests. Daily totals cover whole days even when
 * only some timestamps of a day were requested.
 *
 * @throws if an override factor is invalid.
 * @example assembleForecast(fitVolumeModels(ctx), 'topdown', 'option', 14, undefined, {}, 'Asia/Shanghai').daily
 */
export function assembleForecast(
	models: VolumeModels,
	chosen: ModelName,
	chosenBy: VolumeForecast['modelChosenBy'],
	horizonDays: number,
	explicit: Target[] | undefined,
	options: ForecastOptions,
	zone: string,
	partial?: PartialDay,
	startDay?: number
): VolumeForecast {
	const { ctx } = models;
	const { grid, days } = ctx;
	const S = grid.slotsPerDay;
	const origin = ctx.lastDay + 1;
	const warnings = [...models.warnings];
	const overrides = options.upliftOverrides ?? [];

	const usesTopDown = chosen === 'topdown' || chosen === 'combo';
	if (overrides.length > 0 && !usesTopDown) {
		warnings.push(`uplift overrides are ignored by the ${chosen} baseline (it has no event model)`);
	}
	const td = usesTopDown ? fitTopDown(ctx, origin, models.topDownConfig, overrides) : undefined;
	const avg = chosen === 'combo' || chosen === 'avg4w' ? sameIntervalAverage(ctx, origin, 4) : undefined;
	const other = !usesTopDown ? models.predictor(chosen, origin) : undefined;
	// The top-down view of each day also feeds the daily table and the event report of baselines.
	const tdInfo = td ?? fitTopDown(ctx, origin, models.topDownConfig);

	const dayAheadCache = new Map<number, { values: Float64Array; info: TopDownDay }>();
	const predictDayAhead = (day: number) => {
		let hit = dayAheadCache.get(day);
		if (hit) return hit;
		const info = tdInfo.predictDay(day);
		let values: Float64Array;
		if (chosen === 'topdown') values = info.values;
		else if (chosen === 'combo') {
			const b = avg!(day);
			values = new Float64Array(S);
			for (let s = 0; s < S; s++) values[s] = 0.5 * (info.values[s] + b[s]);
		} else values = other!(day);
		hit = { values, info };
		dayAheadCache.set(day, hit);
		return hit;
	};

	const nativeCal = models.calibration(chosen, 'native');
	const dayCal = models.calibration(chosen, 'day');

	// The partial day: its rest re-forecast from the actuals so far (./reforecastIntraday).
	let intra: { day: number; result: IntradayResult; dayAhead: Float64Array; shapeVar: number } | undefined;
	if (partial) {
		const dayAhead = predictDayAhead(partial.day).values;
		let dayTotal = 0;
		for (let s = 0; s < S; s++) dayTotal += dayAhead[s];
		const dayLevelVar = dayTotal > 0 ? dayCal.levelScale + dayCal.poissonScale / dayTotal : dayCal.levelScale;
		const shapeVar = Math.max(0, nativeCal.levelScale - dayCal.levelScale);
		const result = reforecastIntraday({
			dayAhead,
			actual: partial.actual,
			observedSlots: partial.observedSlots,
			intervalMin: grid.intervalMin,
			dayLevelVar,
			poissonScale: nativeCal.poissonScale,
			shapeVar
		});
		intra = { day: partial.day, result, dayAhead, shapeVar: Math.max(shapeVar, INTRADAY_MIN_SHAPE_VAR) };
	}
	const predictDay = (day: number) => {
		const hit = predictDayAhead(day);
		return intra && day === intra.day ? { values: intra.result.values, info: hit.info } : hit;
	};
	const intradayIv = (slot: number) => {
		const m = intra!.result.values[slot];
		const f = intra!.dayAhead[slot];
		return intradayInterval(nativeCal, m, f * f * intra!.result.levelVar[slot], nativeCal.poissonScale, intra!.shapeVar);
	};

	const targets: Target[] = explicit ?? [];
	if (!explicit) {
		for (let day = startDay ?? (partial ? partial.day : origin); day < origin + horizonDays; day++) {
			const wd = weekdayOfDay(day);
			const { values } = predictDay(day);
			const typ = days.typicalSlot[wd];
			const isPartial = partial !== undefined && day === partial.day;
			// a closed weekday is skipped, unless the calendar opens it (a 调休 working day)
			if (!days.openWeekday[wd] && !isPartial && !values.some((v) => v > 0)) continue;
			for (let s = isPartial ? partial.firstFutureSlot : 0; s < S; s++) {
				if (typ[s] || values[s] > 0) targets.push({ day, slot: s, label: formatTimestamp(day, s * grid.intervalMin) });
			}
		}
	}

	const points: ForecastPoint[] = targets.map((t) => {
		const f = predictDay(t.day).values[t.slot];
		const iv = intra && t.day === intra.day ? intradayIv(t.slot) : applyCalibration(nativeCal, f, t.day - origin);
		return { timestamp: t.label, forecast: f, ...iv };
	});

	const targetDays = [...new Set(targets.map((t) => t.day))].sort((a, b) => a - b);
	const daily: DailyForecast[] = targetDays.map((day) => {
		const { values, info } = predictDay(day);
		let total = 0;
		let iv;
		if (intra && day === intra.day) {
			// Actuals so far (a missing row counts at its re-forecast) + the re-forecast rest, whose
			// level error is shared by every remaining slot (fully correlated) and shape/Poisson
			// errors are not.
			const { result, dayAhead, shapeVar } = intra;
			let seen = 0;
			let rest = 0;
			let levelSd = 0;
			let indep = 0;
			for (let s = 0; s < S; s++) {
				const a = partial!.actual[s];
				if (s < partial!.observedSlots && Number.isFinite(a)) {
					seen += a;
					continue;
				}
				const m = values[s];
				rest += m;
				levelSd += dayAhead[s] * Math.sqrt(result.levelVar[s]);
				indep += nativeCal.poissonScale * m + shapeVar * m * m;
			}
			total = seen + rest;
			const q = dayCal.quantilesByWeek[0];
			const sd = Math.sqrt(levelSd * levelSd + indep);
			const at = (k: keyof typeof q) => seen + Math.max(0, rest + q[k] * sd);
			iv = { lo80: at('q10'), hi80: at('q90'), lo95: at('q025'), hi95: at('q975'), p50: at('q50'), p80: at('q80'), p90: at('q90') };
		} else {
			for (let s = 0; s < S; s++) total += values[s];
			iv = applyCalibration(dayCal, total, day - origin);
		}
		const pos = info.position;
		const closure = pos?.kind === 'closure' && pos.phase === 'core';
		const basis = usesTopDown ? (info.basis ?? (closure ? 'closure' : undefined)) : closure ? 'closure' : info.basis;
		return {
			date: dateOfDay(day),
			forecast: total,
			...iv,
			baseline: info.baseline,
			uplift: usesTopDown ? info.uplift : closure ? 0 : 1,
			...(pos ? { event: { name: pos.name, kind: pos.kind, phase: pos.phase, offset: pos.offset } } : {}),
			dayType: info.dayType ?? 'weekday',
			...(basis && (usesTopDown || closure) ? { upliftBasis: basis } : {})
		};
	});

	// The window's total: the mean is the sum of the interval means; its quantiles come from the
	// backtest error model of daily totals (dayCal: Var = φ·F + κ·F², κ the day-level error, taken as
	// shared by all days of the window — a level error persists for weeks), never from a sum of
	// interval or day quantiles (P80 of a sum ≠ sum of P80s; that overstated a Double 11 by 48 %).
	const totalForecast = points.reduce((a, p) => a + p.forecast, 0);
	const midOffset = targetDays.length > 0 ? Math.max(0, Math.round((targetDays[0] + targetDays[targetDays.length - 1]) / 2) - origin) : 0;
	const total = { forecast: totalForecast, ...applyCalibration(dayCal, totalForecast, midOffset) };

	// Event report: every event whose window overlaps the forecast days.
	const report = new Map<number, { uplifts: number[]; bases: string[]; occ: number; sources: Set<number> }>();
	for (const day of targetDays) {
		const info = predictDay(day).info;
		const pos = info.position;
		if (!pos || !days.openWeekday[weekdayOfDay(day)]) continue;
		let r = report.get(pos.eventIndex);
		if (!r) report.set(pos.eventIndex, (r = { uplifts: [], bases: [], occ: 0, sources: new Set() }));
		r.uplifts.push(info.uplift);
		r.bases.push(info.basis ?? 'no history');
		r.occ = Math.max(r.occ, info.occurrences);
		for (const i of info.sources ?? []) r.sources.add(i);
	}
	const eventReports: EventEffectReport[] = [...report.entries()].map(([i, r]) => {
		const e = ctx.events[i];
		const counts = new Map<string, number>();
		for (const b of r.bases) counts.set(b, (counts.get(b) ?? 0) + 1);
		const basis = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0] as EventEffectReport['basis'];
		return {
			name: e.name,
			kind: e.kind,
			dateStart: e.dateStart,
			dateEnd: e.dateEnd,
			meanUplift: r.uplifts.reduce((a, b) => a + b, 0) / r.uplifts.length,
			basis,
			occurrences: r.occ,
			learnedFrom: [...r.sources]
				.sort((a, b) => (ctx.events[a].dateStart < ctx.events[b].dateStart ? -1 : 1))
				.map((i) => ({ name: ctx.events[i].name, dateStart: ctx.events[i].dateStart, dateEnd: ctx.events[i].dateEnd }))
		};
	});

	let intraday: IntradayReforecast | undefined;
	if (intra && partial) {
		const typ = days.openWeekday[weekdayOfDay(intra.day)] ? days.typicalSlot[weekdayOfDay(intra.day)] : undefined;
		const slots: IntradayReforecast['slots'] = [];
		let actualSoFar = 0;
		let dayAheadTotal = 0;
		for (let s = 0; s < S; s++) {
			const a = partial.actual[s];
			const observed = s < partial.observedSlots;
			if (!(typ?.[s] || intra.dayAhead[s] > 0 || (observed && a > 0))) continue;
			dayAheadTotal += intra.dayAhead[s];
			if (observed && Number.isFinite(a)) actualSoFar += a;
			const future = s >= partial.firstFutureSlot;
			const iv = future ? intradayIv(s) : undefined;
			slots.push({
				timestamp: formatTimestamp(intra.day, s * grid.intervalMin),
				dayAhead: intra.dayAhead[s],
				actual: observed && Number.isFinite(a) ? a : null,
				reforecast: future ? intra.result.values[s] : null,
				lo80: iv ? iv.lo80 : null,
				hi80: iv ? iv.hi80 : null
			});
		}
		const todayRow = daily.find((d) => d.date === dateOfDay(intra.day));
		const hh = String(Math.floor(partial.observedUntilMinute / 60)).padStart(2, '0');
		const mm = String(partial.observedUntilMinute % 60).padStart(2, '0');
		intraday = {
			date: dateOfDay(intra.day),
			observedUntil: `${hh}:${mm}`,
			ratio: intra.result.ratio,
			ratioSd: Math.sqrt(intra.result.ratioVar),
			shiftedWeight: intra.result.shiftedWeight,
			observedShare: intra.result.observedShare,
			actualSoFar,
			dayAheadTotal,
			reforecastTotal: todayRow ? todayRow.forecast : actualSoFar,
			slots
		};
		warnings.push(
			`history ends at ${intraday.observedUntil} on ${intraday.date}, before that day's usual close: the models use the days before it and ` +
				`the rest of ${intraday.date} is re-forecast from its actuals so far (level ×${intraday.ratio.toFixed(3)} ± ${intraday.ratioSd.toFixed(3)} ` +
				`of the day-ahead forecast, ${(100 * intraday.observedShare).toFixed(0)} % of the day's volume seen)`
		);
	}

	const calibration = [nativeCal, dayCal];
	for (const lvl of [15, 30, 60]) {
		if (lvl > grid.intervalMin && lvl % grid.intervalMin === 0) calibration.push(models.calibration(chosen, lvl));
	}

	const cfg = models.topDownConfig;
	const weights = cfg.dailyWeights ?? cfg.daily.map(() => 1);
	const top = weights.indexOf(Math.max(...weights));
	const wsum = weights.reduce((a, b) => a + b, 0);
	const share = (pred: (c: (typeof cfg.daily)[number]) => boolean) =>
		cfg.daily.reduce((a, c, i) => a + (pred(c) ? weights[i] : 0), 0) / wsum;
	return {
		model: chosen,
		modelChosenBy: chosenBy,
		zone,
		intervalMin: grid.intervalMin,
		originDate: dateOfDay(partial ? partial.day : origin),
		window: targetDays.length > 0 ? { fromDate: dateOfDay(targetDays[0]), toDate: dateOfDay(targetDays[targetDays.length - 1]) } : null,
		points,
		daily,
		total,
		events: eventReports,
		overrides: td ? td.applied.filter((a, i, arr) => arr.findIndex((b) => b.date === a.date && b.eventName === a.eventName) === i) : [],
		candidates: models.scores,
		topDownConfig: {
			dailyConfigs: cfg.daily.length,
			bestLevelHalfLifeDays: cfg.daily[top].levelHalfLifeDays,
			bestTrend: cfg.daily[top].trend,
			bestMonthEdge: cfg.daily[top].monthEdge,
			bestYearly: cfg.daily[top].yearly,
			bestWeekdayHalfLifeWeeks: cfg.daily[top].weekdayHalfLifeWeeks,
			weightOnTrend: share((c) => c.trend),
			weightOnMonthEdge: share((c) => c.monthEdge),
			weightOnYearly: share((c) => c.yearly),
			profileHalfLifeWeeks: cfg.profile.halfLifeWeeks,
			profilePoolWeight: cfg.profile.poolWeight,
			profileBandwidthSlots: cfg.profile.bandwidthSlots
		},
		calibration,
		...(intraday ? { intraday } : {}),
		warnings
	};
}

export type { Target as ForecastTarget };
