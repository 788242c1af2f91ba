export type {
	AppliedOverride,
	DailyForecast,
	EventEffectReport,
	ForecastOptions,
	ForecastPoint,
	IntradayReforecast,
	IntervalCalibration,
	Metrics,
	ModelName,
	ModelScore,
	QuantileKey,
	UpliftOverride,
	VolumeForecast,
	VolumePoint
} from './types';
export { MODEL_NAMES } from './types';
export { forecastVolume, MAX_HORIZON_DAYS } from './forecastVolume';
export { backtestVolume, type HoldoutOptions, type HoldoutReport, type HoldoutRow } from './backtestVolume';
export { aggregateForecast } from './aggregateForecast';
export { scoreForecast, type ScoredSeries } from './scoreForecast';
export { seasonalNaiveScale } from './seasonalNaiveScale';
export { calibrateIntervals, applyCalibration, type IntervalValues } from './calibrateIntervals';
export { CsvInputError, parseEventsCsv, parseHistoryCsv, parseTimestampsCsv, splitCsvLine } from './parseCsv';
export { DEFAULT_ZONE, formatTimestamp, parseTimestamp, type WallClock } from './parseTimestamp';
export { reforecastIntraday, intradayInterval, DEFAULT_INTRADAY_SETTINGS, type IntradayInput, type IntradayResult, type IntradaySettings } from './reforecastIntraday';
export { splitPartialDay, type PartialDay } from './forecastVolume';
