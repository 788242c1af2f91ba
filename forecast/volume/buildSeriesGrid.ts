import { DEFAULT_ZONE, parseTimestamp, type WallClock } from './parseTimestamp';
import type { VolumePoint } from './types';

/**
 * History laid out as a day × slot matrix on the local wall clock. Rows that were not in the input
 * are NaN: whether they mean "closed" (zero) or "missing" is decided later from how often that
 * slot is present (./describeDays).
 */
export interface SeriesGrid {
	intervalMin: number;
	slotsPerDay: number;
	/** day number of row 0 */
	firstDay: number;
	numDays: number;
	/** numDays × slotsPerDay, row-major; NaN = no row */
	values: Float64Array;
	/** rows present per day */
	rowsPerDay: Int32Array;
	/** the last input timestamp */
	last: WallClock;
}

function gcd(a: number, b: number): number {
	while (b) [a, b] = [b, a % b];
	return a;
}

/**
 * Builds the grid from points. Points must be sorted by time, unique, with finite non-negative
 * counts and timestamps on whole minutes. The interval is the largest step dividing 1440 and every
 * minute-of-day seen (5 for the bank data), unless `intervalMin` is given.
 *
 * @throws naming the point index for an unparseable timestamp, a negative/non-finite count, a
 *   timestamp not after the previous one (unsorted or duplicate), or off the interval grid; and if
 *   there are no points or `intervalMin` does not divide 1440.
 * @example buildSeriesGrid([{ timestamp: '2025-01-06 09:00', count: 3 }]).slotsPerDay // 1
 */
export function buildSeriesGrid(
	points: readonly VolumePoint[],
	options: { zone?: string; intervalMin?: number } = {}
): SeriesGrid {
	const zone = options.zone ?? DEFAULT_ZONE;
	if (points.length === 0) throw new Error('buildSeriesGrid: history is empty; need at least one point');
	const clocks: WallClock[] = new Array(points.length);
	let prev = -Infinity;
	let g = 1440;
	for (let i = 0; i < points.length; i++) {
		const p = points[i];
		const c = parseTimestamp(String(p.timestamp), zone);
		if (!c) throw new Error(`buildSeriesGrid: point ${i}: unparseable timestamp ${JSON.stringify(p.timestamp)}`);
		if (c.second !== 0) throw new Error(`buildSeriesGrid: point ${i}: timestamp ${p.timestamp} is not on a whole minute`);
		if (!Number.isFinite(p.count) || p.count < 0) {
			throw new Error(`buildSeriesGrid: point ${i}: count must be a finite number ≥ 0, got ${p.count}`);
		}
		const t = c.day * 1440 + c.minuteOfDay;
		if (t === prev) throw new Error(`buildSeriesGrid: point ${i}: duplicate timestamp ${p.timestamp}`);
		if (t < prev) throw new Error(`buildSeriesGrid: point ${i}: timestamp ${p.timestamp} is before the previous one (history must be sorted)`);
		prev = t;
		g = gcd(g, c.minuteOfDay);
		clocks[i] = c;
	}
	let intervalMin = g;
	if (options.intervalMin !== undefined) {
		const iv = options.intervalMin;
		if (!Number.isInteger(iv) || iv <= 0 || 1440 % iv !== 0) {
			throw new Error(`buildSeriesGrid: intervalMin must be a positive integer dividing 1440, got ${iv}`);
		}
		intervalMin = iv;
	}
	const slotsPerDay = 1440 / intervalMin;
	const firstDay = clocks[0].day;
	const numDays = clocks[clocks.length - 1].day - firstDay + 1;
	const values = new Float64Array(numDays * slotsPerDay).fill(NaN);
	const rowsPerDay = new Int32Array(numDays);
	for (let i = 0; i < clocks.length; i++) {
		const c = clocks[i];
		if (c.minuteOfDay % intervalMin !== 0) {
			throw new Error(
				`buildSeriesGrid: point ${i}: timestamp ${points[i].timestamp} is not on the ${intervalMin}-minute grid`
			);
		}
		const idx = (c.day - firstDay) * slotsPerDay + c.minuteOfDay / intervalMin;
		values[idx] = points[i].count;
		rowsPerDay[c.day - firstDay]++;
	}
	return { intervalMin, slotsPerDay, firstDay, numDays, values, rowsPerDay, last: clocks[clocks.length - 1] };
}

/**
 * Sums a grid into coarser intervals (e.g. 5 → 30 minutes). A coarse slot is NaN only when all its
 * fine slots are NaN; otherwise the present fine slots are summed (absent ones are closed minutes).
 *
 * @throws if `intervalMin` is not a multiple of the grid's interval or does not divide 1440.
 * @example aggregateGrid(grid5min, 30).slotsPerDay // 48
 */
export function aggregateGrid(grid: SeriesGrid, intervalMin: number): SeriesGrid {
	if (!Number.isInteger(intervalMin) || intervalMin % grid.intervalMin !== 0 || 1440 % intervalMin !== 0) {
		throw new Error(
			`aggregateGrid: intervalMin must be a multiple of ${grid.intervalMin} that divides 1440, got ${intervalMin}`
		);
	}
	if (intervalMin === grid.intervalMin) return grid;
	const f = intervalMin / grid.intervalMin;
	const slotsPerDay = 1440 / intervalMin;
	const values = new Float64Array(grid.numDays * slotsPerDay).fill(NaN);
	for (let d = 0; d < grid.numDays; d++) {
		for (let s = 0; s < slotsPerDay; s++) {
			let sum = 0;
			let any = false;
			for (let k = 0; k < f; k++) {
				const v = grid.values[d * grid.slotsPerDay + s * f + k];
				if (!Number.isNaN(v)) {
					sum += v;
					any = true;
				}
			}
			if (any) values[d * slotsPerDay + s] = sum;
		}
	}
	const rowsPerDay = new Int32Array(grid.numDays);
	for (let d = 0; d < grid.numDays; d++) {
		for (let s = 0; s < slotsPerDay; s++) if (!Number.isNaN(values[d * slotsPerDay + s])) rowsPerDay[d]++;
	}
	const lastMinute = grid.last.minuteOfDay - (grid.last.minuteOfDay % intervalMin);
	return {
		intervalMin,
		slotsPerDay,
		firstDay: grid.firstDay,
		numDays: grid.numDays,
		values,
		rowsPerDay,
		last: { day: grid.last.day, minuteOfDay: lastMinute, second: 0 }
	};
}
