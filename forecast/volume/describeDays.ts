import { weekdayOfDay } from '../calendar/localDate';
import type { SeriesGrid } from './buildSeriesGrid';

/**
 * What the history says about the centre's opening pattern and each day's usable total.
 */
export interface DayStructure {
	/** weekday (0 = Monday) has data on at least half of its days in the recent window */
	openWeekday: boolean[];
	/** per weekday, per slot: a row is present on at least half of the observed days */
	typicalSlot: Uint8Array[];
	/**
	 * Grid values with a closed-slot convention applied: in an observed day, a missing row in a
	 * slot that is usually absent counts as 0 (closed / no contacts); a missing row in a usually
	 * present slot stays NaN (missing data). Unobserved days stay NaN.
	 */
	values: Float64Array;
	/** per day: total contacts (missing typical slots filled in proportion), NaN if unusable */
	dayTotal: Float64Array;
	/** per day: the day has data and at most `maxMissingShare` of its volume had to be filled */
	dayComplete: Uint8Array;
	/** per day: weekday, 0 = Monday */
	weekday: Uint8Array;
}

/** Weeks of recent history that decide which weekdays and slots are open. */
const RECENT_WEEKS = 12;
/** A day missing more than this share of its usual volume is not used for levels or profiles. */
const MAX_MISSING_SHARE = 0.25;

/**
 * Derives the opening pattern (open weekdays, usual slots) from the last 12 weeks of the grid and
 * each day's usable total. Irregular grids are the point: weekends with no rows are closed
 * weekdays, nights without rows are closed slots, a weekday with no rows amid open ones is
 * missing data, and a day missing a quarter of its usual volume is partial.
 *
 * @throws never for a grid built by buildSeriesGrid.
 * @example describeDays(grid).openWeekday // [true, true, true, true, true, false, false] for the bank data
 */
export function describeDays(grid: SeriesGrid): DayStructure {
	const { slotsPerDay: S, numDays: N, firstDay } = grid;
	const weekday = new Uint8Array(N);
	for (let d = 0; d < N; d++) weekday[d] = weekdayOfDay(firstDay + d);

	const from = Math.max(0, N - RECENT_WEEKS * 7);
	const daysOfWeekday = new Array(7).fill(0);
	const observedOfWeekday = new Array(7).fill(0);
	const presentCount: Int32Array[] = Array.from({ length: 7 }, () => new Int32Array(S));
	for (let d = from; d < N; d++) {
		const w = weekday[d];
		daysOfWeekday[w]++;
		if (grid.rowsPerDay[d] === 0) continue;
		observedOfWeekday[w]++;
		for (let s = 0; s < S; s++) if (!Number.isNaN(grid.values[d * S + s])) presentCount[w][s]++;
	}
	const openWeekday = daysOfWeekday.map((n, w) => n > 0 && observedOfWeekday[w] >= 0.5 * n);
	// A weekday not seen in the recent window (history shorter than a week) is open if it was ever observed.
	for (let w = 0; w < 7; w++) {
		if (daysOfWeekday[w] === 0) {
			for (let d = 0; d < N; d++) if (weekday[d] === w && grid.rowsPerDay[d] > 0) openWeekday[w] = true;
		}
	}
	const typicalSlot = presentCount.map((counts, w) => {
		const t = new Uint8Array(S);
		const obs = observedOfWeekday[w];
		for (let s = 0; s < S; s++) t[s] = obs > 0 && counts[s] >= 0.5 * obs ? 1 : 0;
		return t;
	});

	const values = new Float64Array(grid.values);
	for (let d = 0; d < N; d++) {
		if (grid.rowsPerDay[d] === 0) continue;
		const typ = typicalSlot[weekday[d]];
		for (let s = 0; s < S; s++) if (Number.isNaN(values[d * S + s]) && !typ[s]) values[d * S + s] = 0;
	}

	// Pass 1: shares per weekday from days without missing typical slots.
	const shareNum: Float64Array[] = Array.from({ length: 7 }, () => new Float64Array(S));
	const shareDen = new Float64Array(7);
	const missingTypical = new Int32Array(N);
	for (let d = 0; d < N; d++) {
		if (grid.rowsPerDay[d] === 0) continue;
		let sum = 0;
		for (let s = 0; s < S; s++) {
			const v = values[d * S + s];
			if (Number.isNaN(v)) missingTypical[d]++;
			else sum += v;
		}
		if (missingTypical[d] === 0) {
			const w = weekday[d];
			for (let s = 0; s < S; s++) shareNum[w][s] += values[d * S + s];
			shareDen[w] += sum;
		}
	}
	// Pass 2: totals, filling missing typical slots in proportion to the weekday's usual shares.
	const dayTotal = new Float64Array(N).fill(NaN);
	const dayComplete = new Uint8Array(N);
	for (let d = 0; d < N; d++) {
		if (grid.rowsPerDay[d] === 0) continue;
		let sum = 0;
		let missingShare = 0;
		const w = weekday[d];
		const typCount = typicalSlot[w].reduce((a, b) => a + b, 0) || 1;
		for (let s = 0; s < S; s++) {
			const v = values[d * S + s];
			if (!Number.isNaN(v)) sum += v;
			else missingShare += shareDen[w] > 0 ? shareNum[w][s] / shareDen[w] : 1 / typCount;
		}
		if (missingShare <= MAX_MISSING_SHARE) {
			dayTotal[d] = sum / (1 - missingShare);
			dayComplete[d] = 1;
		}
	}
	return { openWeekday, typicalSlot, values, dayTotal, dayComplete, weekday };
}
