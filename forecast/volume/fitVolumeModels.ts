import { sameIntervalAverage, seasonalNaive, type DayPredictor } from './baselineModels';
import type { SeriesContext } from './buildSeriesContext';
import { calibrateIntervals } from './calibrateIntervals';
import { fitTopDown, type TopDownConfig } from './fitTopDown';
import {
	aggregateSamples,
	planOrigins,
	rollingOriginBacktest,
	samplesWape,
	type BacktestSamples
} from './rollingOriginBacktest';
import { selectTopDownConfig } from './selectTopDownConfig';
import { MODEL_NAMES, type IntervalCalibration, type ModelName, type ModelScore } from './types';

export const DEFAULT_BACKTEST_ORIGINS = 12;

/** Without backtest residuals: Poisson noise plus a 10 % level error, normal quantiles (z of 0.025…0.975). */
function fallbackCalibration(level: string): IntervalCalibration {
	return {
		level,
		poissonScale: 1,
		levelScale: 0.01,
		quantilesByWeek: [{ q025: -1.96, q10: -1.2816, q50: 0, q80: 0.8416, q90: 1.2816, q975: 1.96 }],
		countByWeek: [0]
	};
}
export const DEFAULT_BACKTEST_HORIZON_DAYS = 14;

/** Aggregation levels that get their own interval calibration. */
export type CalibrationLevel = 'native' | number | 'day';

/** Candidate models fitted and backtested on one history. */
export interface VolumeModels {
	ctx: SeriesContext;
	origins: number[];
	backtestHorizonDays: number;
	topDownConfig: TopDownConfig;
	scores: ModelScore[];
	/** the best candidate by pooled native backtest WAPE (ties: order of MODEL_NAMES) */
	best: ModelName;
	samples: Map<ModelName, BacktestSamples>;
	/** calibration of a model at a level (cached) */
	calibration(model: ModelName, level: CalibrationLevel): IntervalCalibration;
	/** a day predictor of a model at an origin */
	predictor(model: ModelName, origin: number): DayPredictor;
	warnings: string[];
}

/**
 * Day predictor of one model at one origin. `combo` is the equal-weight mean of top-down and
 * avg4w (forecast combination; Bates & Granger 1969 — combining a structural and a pure
 * pattern-matching forecast often beats both; the backtests decide whether it does here).
 *
 * @throws if the model name is unknown or the top-down fit fails.
 * @example modelPredictor(ctx, 'avg4w', origin, cfg)(origin + 2)
 */
export function modelPredictor(ctx: SeriesContext, model: ModelName, origin: number, cfg: TopDownConfig): DayPredictor {
	switch (model) {
		case 'snaive':
			return seasonalNaive(ctx, origin);
		case 'avg4w':
			return sameIntervalAverage(ctx, origin, 4);
		case 'topdown': {
			const fit = fitTopDown(ctx, origin, cfg);
			return (day) => fit.predictDay(day).values;
		}
		case 'combo': {
			const fit = fitTopDown(ctx, origin, cfg);
			const avg = sameIntervalAverage(ctx, origin, 4);
			return (day) => {
				const a = fit.predictDay(day).values;
				const b = avg(day);
				const out = new Float64Array(a.length);
				for (let s = 0; s < a.length; s++) out[s] = 0.5 * (a[s] + b[s]);
				return out;
			};
		}
		default:
			throw new Error(`modelPredictor: unknown model ${JSON.stringify(model)}; allowed: ${MODEL_NAMES.join(', ')}`);
	}
}

/**
 * Fits every candidate on the history in `ctx` and backtests it from weekly rolling origins
 * (./rollingOriginBacktest): the top-down hyper-parameters are chosen on those backtests
 * (./selectTopDownConfig), each model gets its pooled backtest WAPE, and the residuals calibrate
 * the intervals at each aggregation level (./calibrateIntervals). Uses the history only — nothing
 * after `ctx.lastDay` is looked at.
 *
 * @throws if `origins`/`horizonDays` are not positive integers.
 * @example fitVolumeModels(ctx).best // e.g. 'topdown'
 */
export function fitVolumeModels(
	ctx: SeriesContext,
	options: { origins?: number; horizonDays?: number } = {}
): VolumeModels {
	const count = options.origins ?? DEFAULT_BACKTEST_ORIGINS;
	const H = options.horizonDays ?? DEFAULT_BACKTEST_HORIZON_DAYS;
	const warnings: string[] = [];
	const origins = planOrigins(ctx, count, H);
	const normalDays = ctx.isNormal.reduce((a, b) => a + b, 0);
	const openDays = ctx.days.dayComplete.reduce((a, b) => a + b, 0);
	if (normalDays < 14 && normalDays < openDays) {
		warnings.push(
			`only ${normalDays} days of the history lie outside every event window; the normal-day level is estimated from event days too, so event uplifts are understated`
		);
	}
	const S = ctx.grid.slotsPerDay;
	let topDownConfig: TopDownConfig = {
		daily: [{ levelHalfLifeDays: 14, trend: false, monthEdge: false, yearly: false, weekdayHalfLifeWeeks: 26 }],
		profile: { halfLifeWeeks: 4, poolWeight: 0.2, bandwidthSlots: 1 }
	};
	const samples = new Map<ModelName, BacktestSamples>();
	const scores: ModelScore[] = [];
	let best: ModelName = 'topdown';
	if (origins.length === 0) {
		warnings.push(
			`history has ${ctx.grid.numDays} days; backtests need at least 35, so the model is not chosen by backtest and intervals assume Poisson noise plus 10 % level error`
		);
	} else {
		if (origins.length < count) warnings.push(`only ${origins.length} backtest origins fit in the history (asked for ${count})`);
		topDownConfig = selectTopDownConfig(ctx, origins, H).config;
		for (const model of MODEL_NAMES) {
			if (model === 'combo') continue;
			samples.set(model, rollingOriginBacktest(ctx, origins, H, (o) => modelPredictor(ctx, model, o, topDownConfig)));
		}
		const td = samples.get('topdown')!;
		const avg = samples.get('avg4w')!;
		const combo: BacktestSamples = { ...td, forecast: td.forecast.map((f, i) => 0.5 * (f + avg.forecast[i])) };
		samples.set('combo', combo);
		let bestWape = Infinity;
		for (const model of MODEL_NAMES) {
			const s = samples.get(model)!;
			const wapePct = samplesWape(s);
			const dailyWapePct = samplesWape(aggregateSamples(ctx, s, S));
			scores.push({ model, wapePct, dailyWapePct });
			if (wapePct < bestWape - 1e-12) {
				bestWape = wapePct;
				best = model;
			}
		}
	}

	const cache = new Map<string, IntervalCalibration>();
	const calibration = (model: ModelName, level: CalibrationLevel): IntervalCalibration => {
		const key = `${model}|${level}`;
		const hit = cache.get(key);
		if (hit) return hit;
		const label = level === 'native' ? 'native' : level === 'day' ? 'day' : String(level);
		let cal: IntervalCalibration;
		const s = samples.get(model);
		const native = s && s.actual.length >= 10 ? s : undefined;
		if (!native) {
			cal = fallbackCalibration(label);
		} else {
			const per =
				level === 'native' ? 1 : level === 'day' ? S : Math.max(1, Math.round(level / ctx.grid.intervalMin));
			const agg = per === 1 ? native : aggregateSamples(ctx, native, per);
			try {
				cal = calibrateIntervals(label, agg.h, agg.actual, agg.forecast);
			} catch {
				// Too few aggregated residuals (e.g. daily level of a short history): use the fallback.
				cal = fallbackCalibration(label);
			}
		}
		cache.set(key, cal);
		return cal;
	};

	return {
		ctx,
		origins,
		backtestHorizonDays: H,
		topDownConfig,
		scores,
		best,
		samples,
		calibration,
		predictor: (model, origin) => modelPredictor(ctx, model, origin, topDownConfig),
		warnings
	};
}
