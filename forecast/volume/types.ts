import type { CalendarEvent } from '../calendar/CalendarEvent';

/** One observed interval: contacts that arrived in [timestamp, timestamp + interval). */
export interface VolumePoint {
	/**
	 * Local wall-clock start of the interval in the centre's zone: `YYYY-MM-DD HH:mm[:ss]` or
	 * `YYYY-MM-DDTHH:mm[:ss]`; an ISO string with `Z` or an offset is converted to the zone.
	 */
	timestamp: string;
	count: number;
}

/** The forecasting methods; `auto` picks the one with the lowest rolling-origin backtest WAPE. */
export type ModelName = 'topdown' | 'combo' | 'avg4w' | 'snaive';
export const MODEL_NAMES: readonly ModelName[] = ['topdown', 'combo', 'avg4w', 'snaive'];

/** A planner's replacement of a learned event uplift (multiplier on the normal-day total). */
export interface UpliftOverride {
	/** event name, as in the calendar */
	eventName: string;
	/** YYYY-MM-DD; omitted = every forecast day in that event's window */
	date?: string;
	/** new multiplier on the normal-day volume (1 = no effect, 3 = three times a normal day) */
	upliftFactor: number;
	/** who/why, kept in the result */
	reason?: string;
}

/** What an override changed, kept in the forecast so the plan stays auditable. */
export interface AppliedOverride {
	eventName: string;
	date: string;
	previousFactor: number;
	newFactor: number;
	reason?: string;
}

export interface ForecastOptions {
	/** IANA zone of the wall-clock timestamps; default Asia/Shanghai (no DST). */
	zone?: string;
	/** Interval of the forecast in minutes (must be a multiple of the history's interval and divide 1440); default: the history's. */
	intervalMin?: number;
	/** Forecast every open interval of the N days after the last history day … */
	horizonDays?: number;
	/**
	 * With `horizonDays`: the first day to forecast (YYYY-MM-DD, after the history); the N days from
	 * it are forecast. Default: the day after the history (or the rest of a partial last day).
	 */
	fromDate?: string;
	/** … or exactly these timestamps (all after the last history timestamp). */
	timestamps?: readonly string[];
	/** Events considered (built-in and user); windows in the history are learned, in the future applied. */
	events?: readonly CalendarEvent[];
	/** Method; default 'auto'. */
	model?: ModelName | 'auto';
	upliftOverrides?: readonly UpliftOverride[];
	/** Rolling-origin backtest used for model choice and interval calibration. */
	backtest?: {
		/** number of weekly origins, default 12 */
		origins?: number;
		/** days scored after each origin, default 14 */
		horizonDays?: number;
	};
}

export interface ForecastPoint {
	timestamp: string;
	forecast: number;
	lo80: number;
	hi80: number;
	lo95: number;
	hi95: number;
	/** quantiles for staffing: P(actual ≤ pXX) ≈ XX % */
	p50: number;
	p80: number;
	p90: number;
}

export interface DailyForecast {
	date: string;
	forecast: number;
	lo80: number;
	hi80: number;
	lo95: number;
	hi95: number;
	p50: number;
	p80: number;
	p90: number;
	/** normal-day total before event effects (0 on closed days) */
	baseline: number;
	/** the multiplier applied (1 = none, 0 = closure) */
	uplift: number;
	/** the dominant event of the day, if any */
	event?: { name: string; kind: CalendarEvent['kind']; phase: 'ramp' | 'core' | 'tail'; offset: number };
	/** where the uplift came from */
	upliftBasis?: 'same event' | 'same kind' | 'no history' | 'closure' | 'override';
	/**
	 * the day's type from the calendar: `weekday` (a working day, the short pre-rest day or a rest
	 * day — the weekday effects), `eve`, `holiday`, `closure`, `workday` (调休), promotion `ramp`/
	 * `peak`/`tail` (docs/forecasting.md "Day types")
	 */
	dayType: 'weekday' | 'eve' | 'holiday' | 'closure' | 'workday' | 'ramp' | 'peak' | 'tail';
}

/** Empirical error model of one aggregation level (see ./calibrateIntervals). */
export interface IntervalCalibration {
	/** 'native' = the forecast interval; otherwise minutes per bucket, or 'day' */
	level: string;
	/** variance model Var(actual − forecast) ≈ poissonScale·f + levelScale·f² */
	poissonScale: number;
	levelScale: number;
	/** standardised-error quantiles per week of horizon (index 0 = days 0–6 after the origin) */
	quantilesByWeek: Array<Record<QuantileKey, number>>;
	/** residuals behind each week's quantiles */
	countByWeek: number[];
}

export type QuantileKey = 'q025' | 'q10' | 'q50' | 'q80' | 'q90' | 'q975';

export interface Metrics {
	n: number;
	/** 100·Σ|e| / Σactual */
	wapePct: number;
	/** mean|e| / Q (Q = in-sample seasonal-naive MAE); NaN when no scale was given */
	mase: number;
	/** 100·(Σforecast − Σactual)/Σactual */
	biasPct: number;
	/** share (%) of actuals inside the 80 / 95 % intervals; NaN without intervals */
	cov80Pct: number;
	cov95Pct: number;
	mae: number;
}

export interface ModelScore {
	model: ModelName;
	/** pooled WAPE (%) over all backtest origins, native interval */
	wapePct: number;
	/** pooled daily WAPE (%) */
	dailyWapePct: number;
}

export interface EventEffectReport {
	name: string;
	kind: CalendarEvent['kind'];
	dateStart: string;
	dateEnd: string;
	/** mean multiplier over the forecast days of the window that fall in the horizon */
	meanUplift: number;
	basis: 'same event' | 'same kind' | 'no history' | 'closure' | 'override';
	/** how many earlier occurrences the uplift was learned from */
	occurrences: number;
	/** those earlier occurrences (any day of the window), oldest first */
	learnedFrom: Array<{ name: string; dateStart: string; dateEnd: string }>;
}

export interface VolumeForecast {
	model: ModelName;
	/** 'default' = history too short to backtest, top-down used */
	modelChosenBy: 'backtest' | 'option' | 'default';
	zone: string;
	intervalMin: number;
	/** first day after the history (day 0 of the horizon) */
	originDate: string;
	/** first and last date that has forecast points (null when none is open) */
	window: { fromDate: string; toDate: string } | null;
	/** per interval: mean forecast and that interval's own quantiles (for staffing, interval by interval) */
	points: ForecastPoint[];
	/** per day: mean total and the day total's quantiles (from backtest errors of daily totals) */
	daily: DailyForecast[];
	/**
	 * All points together: `forecast` is the mean (Σ interval means); the quantiles are the total's
	 * own, from the backtest error model of daily totals with the level error shared by every day —
	 * not a sum of interval or day quantiles.
	 */
	total: { forecast: number; lo80: number; hi80: number; lo95: number; hi95: number; p50: number; p80: number; p90: number };
	events: EventEffectReport[];
	overrides: AppliedOverride[];
	/** backtest scores of every candidate (what `auto` chose from) */
	candidates: ModelScore[];
	/** hyper-parameters the top-down model used (chosen by backtest) */
	topDownConfig: Record<string, number | boolean>;
	/** error models behind the intervals, per aggregation level */
	calibration: IntervalCalibration[];
	/** present when the history ended part-way through its last day (see ./reforecastIntraday) */
	intraday?: IntradayReforecast;
	warnings: string[];
}

/**
 * The partial last day of a history: day-ahead forecast (fitted on the days before it), the
 * actuals so far and the re-forecast of the rest, per slot of the whole business day.
 */
export interface IntradayReforecast {
	date: string;
	/** HH:mm the actuals run to (end of the last observed interval) */
	observedUntil: string;
	/** filtered level actual ÷ day-ahead (1 = as planned) and its standard deviation */
	ratio: number;
	ratioSd: number;
	/** posterior weight (0…1) that the day's level shifted within the day rather than running as planned */
	shiftedWeight: number;
	/** share of the day's day-ahead volume in the observed slots */
	observedShare: number;
	actualSoFar: number;
	dayAheadTotal: number;
	/** actuals so far + re-forecast rest */
	reforecastTotal: number;
	slots: Array<{
		timestamp: string;
		dayAhead: number;
		/** null = not observed (future or a missing row) */
		actual: number | null;
		/** null = in the past */
		reforecast: number | null;
		lo80: number | null;
		hi80: number | null;
	}>;
}
