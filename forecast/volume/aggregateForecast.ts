import { dayNumber, dateOfDay } from '../calendar/localDate';
import { applyCalibration } from './calibrateIntervals';
import { formatTimestamp, parseTimestamp } from './parseTimestamp';
import type { ForecastPoint, VolumeForecast } from './types';

/**
 * Sums a forecast's points into coarser buckets (`minutes` that is a multiple of the forecast
 * interval, e.g. 5 → 30, or `'day'`) and gives each bucket the interval and quantiles calibrated
 * for that level on the same backtests (`forecast.calibration`) — summing interval bounds would
 * overstate the width, because errors partly cancel within a bucket.
 *
 * @throws if the level is not a multiple of the interval or has no calibration in the forecast.
 * @example aggregateForecast(fc, 30)[0].timestamp // '2025-01-06 09:00:00'
 */
export function aggregateForecast(forecast: VolumeForecast, minutes: number | 'day'): ForecastPoint[] {
	const label = minutes === 'day' ? 'day' : String(minutes);
	if (minutes !== 'day' && (!Number.isInteger(minutes) || minutes % forecast.intervalMin !== 0 || 1440 % minutes !== 0)) {
		throw new Error(
			`aggregateForecast: minutes must be a multiple of ${forecast.intervalMin} dividing 1440, or 'day'; got ${minutes}`
		);
	}
	const cal = forecast.calibration.find((c) => c.level === label || (c.level === 'native' && minutes === forecast.intervalMin));
	if (!cal) {
		throw new Error(
			`aggregateForecast: no interval calibration for level ${label}; available: ${forecast.calibration.map((c) => c.level).join(', ')}`
		);
	}
	const origin = dayNumber(forecast.originDate);
	const buckets = new Map<string, { day: number; minute: number; f: number }>();
	for (const p of forecast.points) {
		const c = parseTimestamp(p.timestamp, forecast.zone);
		if (!c) throw new Error(`aggregateForecast: unparseable timestamp ${p.timestamp}`);
		const minute = minutes === 'day' ? 0 : c.minuteOfDay - (c.minuteOfDay % minutes);
		const key = `${c.day}|${minute}`;
		let b = buckets.get(key);
		if (!b) buckets.set(key, (b = { day: c.day, minute, f: 0 }));
		b.f += p.forecast;
	}
	return [...buckets.values()]
		.sort((a, b) => a.day - b.day || a.minute - b.minute)
		.map((b) => ({
			timestamp: minutes === 'day' ? dateOfDay(b.day) : formatTimestamp(b.day, b.minute),
			forecast: b.f,
			...applyCalibration(cal, b.f, b.day - origin)
		}));
}
