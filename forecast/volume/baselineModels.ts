import type { SeriesContext } from './buildSeriesContext';

/** Forecast of one day by slot. */
export type DayPredictor = (day: number) => Float64Array;

const MAX_WEEKS_BACK = 8;

/** Most recent observed days with the same weekday as `day`, before `originDay`, newest first. */
function sameWeekdayDays(ctx: SeriesContext, originDay: number, day: number, count: number): number[] {
	const { grid } = ctx;
	const out: number[] = [];
	// The latest same-weekday day before the origin.
	let u = day - 7 * Math.ceil((day - originDay + 1) / 7);
	for (let tries = 0; tries < count + MAX_WEEKS_BACK && out.length < count; tries++, u -= 7) {
		const d = u - grid.firstDay;
		if (d < 0) break;
		if (d < grid.numDays && grid.rowsPerDay[d] > 0) out.push(d);
	}
	return out;
}

/**
 * Seasonal naive (FPP3 §5.2): each interval takes the value of the same interval on the latest
 * same weekday before the origin (one week back, or further if that day is missing). Closed
 * weekdays and closure days are 0.
 *
 * @throws never.
 * @example seasonalNaive(ctx, origin)(origin + 2)
 */
export function seasonalNaive(ctx: SeriesContext, originDay: number): DayPredictor {
	return sameIntervalAverage(ctx, originDay, 1);
}

/**
 * Same-interval average of the last `weeks` same weekdays before the origin (the classic ACD/WFM
 * baseline; `weeks` = 4 gives "avg4w"). Missing days are skipped in favour of older ones.
 *
 * @throws if `weeks` is not a positive integer.
 * @example sameIntervalAverage(ctx, origin, 4)(origin)
 */
export function sameIntervalAverage(ctx: SeriesContext, originDay: number, weeks: number): DayPredictor {
	if (!Number.isInteger(weeks) || weeks < 1) throw new Error(`sameIntervalAverage: weeks must be a positive integer, got ${weeks}`);
	const S = ctx.grid.slotsPerDay;
	return (day: number) => {
		const out = new Float64Array(S);
		if (!ctx.isOpenDay(day)) return out;
		const src = sameWeekdayDays(ctx, originDay, day, weeks);
		if (src.length === 0) return out;
		for (const d of src) {
			for (let s = 0; s < S; s++) {
				const v = ctx.days.values[d * S + s];
				if (!Number.isNaN(v)) out[s] += v;
			}
		}
		for (let s = 0; s < S; s++) out[s] /= src.length;
		return out;
	};
}
