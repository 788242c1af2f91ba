import { dateOfDay, weekdayOfDay } from '../calendar/localDate';
import { validateCalendarEvent } from '../calendar/CalendarEvent';
import { applyCalibration } from './calibrateIntervals';
import { aggregateGrid, buildSeriesGrid, type SeriesGrid } from './buildSeriesGrid';
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
	type ModelName,
	type VolumeForecast,
	type VolumePoint
} from './types';

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
	const grid = gridAtInterval(history, zone, options.intervalMin);
	const lastDay = grid.firstDay + grid.numDays - 1;
	const lastT = grid.last.day * 1440 + grid.last.minuteOfDay;

	const hasH = options.horizonDays !== undefined;
	const hasT = options.timestamps !== undefined;
	if (hasH === hasT) throw new Error('forecastVolume: give exactly one of horizonDays or timestamps');
	let explicit: Target[] | undefined;
	let horizonDays: number;
	if (hasH) {
		horizonDays = options.horizonDays as number;
		if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) {
			throw new Error(`forecastVolume: horizonDays must be an integer in 1…${MAX_HORIZON_DAYS}, got ${horizonDays}`);
		}
	} else {
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
	return assembleForecast(models, chosen, chosenBy, horizonDays, explicit, options, zone);
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
	zone: string
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

	const dayCache = new Map<number, { values: Float64Array; info: TopDownDay }>();
	const predictDay = (day: number) => {
		let hit = dayCache.get(day);
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
		dayCache.set(day, hit);
		return hit;
	};

	const targets: Target[] = explicit ?? [];
	if (!explicit) {
		for (let day = origin; day < origin + horizonDays; day++) {
			const wd = weekdayOfDay(day);
			if (!days.openWeekday[wd]) continue;
			const { values } = predictDay(day);
			const typ = days.typicalSlot[wd];
			for (let s = 0; s < S; s++) {
				if (typ[s] || values[s] > 0) targets.push({ day, slot: s, label: formatTimestamp(day, s * grid.intervalMin) });
			}
		}
	}

	const nativeCal = models.calibration(chosen, 'native');
	const points: ForecastPoint[] = targets.map((t) => {
		const f = predictDay(t.day).values[t.slot];
		const iv = applyCalibration(nativeCal, f, t.day - origin);
		return { timestamp: t.label, forecast: f, ...iv };
	});

	const dayCal = models.calibration(chosen, 'day');
	const targetDays = [...new Set(targets.map((t) => t.day))].sort((a, b) => a - b);
	const daily: DailyForecast[] = targetDays.map((day) => {
		const { values, info } = predictDay(day);
		let total = 0;
		for (let s = 0; s < S; s++) total += values[s];
		const iv = applyCalibration(dayCal, total, day - origin);
		const pos = info.position;
		const closure = pos?.kind === 'closure' && pos.phase === 'core';
		const basis = closure ? 'closure' : info.basis;
		return {
			date: dateOfDay(day),
			forecast: total,
			...iv,
			baseline: info.baseline,
			uplift: usesTopDown ? info.uplift : closure ? 0 : 1,
			...(pos ? { event: { name: pos.name, kind: pos.kind, phase: pos.phase, offset: pos.offset } } : {}),
			...(basis && (usesTopDown || closure) ? { upliftBasis: basis } : {})
		};
	});

	// Event report: every event whose window overlaps the forecast days.
	const report = new Map<number, { uplifts: number[]; bases: string[]; occ: number }>();
	for (const day of targetDays) {
		const info = predictDay(day).info;
		const pos = info.position;
		if (!pos || !days.openWeekday[weekdayOfDay(day)]) continue;
		let r = report.get(pos.eventIndex);
		if (!r) report.set(pos.eventIndex, (r = { uplifts: [], bases: [], occ: 0 }));
		r.uplifts.push(info.uplift);
		r.bases.push(info.basis ?? 'no history');
		r.occ = Math.max(r.occ, info.occurrences);
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
			occurrences: r.occ
		};
	});

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
		originDate: dateOfDay(origin),
		points,
		daily,
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
		warnings
	};
}

export type { Target as ForecastTarget };
