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

/**
 * Longest run of a weekday's absent slots, inside or at the edge of its opening hours, that is read
 * as missing rows rather than closed time when the same slots are present on other days (see
 * fillShortGaps). An hour: longer absences (a Saturday closing three hours earlier) stay closed.
 */
const GAP_FILL_MINUTES = 60;
/** Share of all observed days on which a slot must be present for a short gap in it to be missing data. */
const GAP_FILL_MIN_PRESENCE = 0.25;

/**
 * Marks as usual (open) the short runs of absent slots of one weekday that are present on at
 * least a quarter of all observed days. A history that drops every 7th row drops the same slots on
 * every same weekday (7 divides the 96 quarter-hours × 7 days of a week), so per weekday those
 * slots look "closed" although every other weekday has them: they are missing rows, not closing
 * time. A lunch closure (no rows on any day) and shorter opening hours (long runs) stay closed.
 * `typical` is changed in place; the day is treated as a circle for a centre open around the clock.
 */
function fillShortGaps(typical: Uint8Array, pooledPresent: Int32Array, pooledObserved: number, maxRun: number): void {
	const S = typical.length;
	if (pooledObserved === 0 || !typical.some((x) => x === 1)) return;
	const candidate = (s: number) => !typical[s] && pooledPresent[s] >= GAP_FILL_MIN_PRESENCE * pooledObserved;
	// open around the clock: the first and last slots of the day have rows on most days
	const around = pooledPresent[0] >= 0.5 * pooledObserved && pooledPresent[S - 1] >= 0.5 * pooledObserved;
	const fill: number[] = [];
	let s = 0;
	while (s < S) {
		if (typical[s]) {
			s++;
			continue;
		}
		let e = s;
		while (e < S && !typical[e]) e++;
		// run [s, e): bounded by open slots on both sides (or by the day's circle), short, present elsewhere
		const leftOpen = s > 0 || around;
		const rightOpen = e < S || around;
		if (leftOpen && rightOpen && e - s <= maxRun) {
			let ok = true;
			for (let k = s; k < e; k++) if (!candidate(k)) ok = false;
			if (ok) for (let k = s; k < e; k++) fill.push(k);
		}
		s = e;
	}
	for (const k of fill) typical[k] = 1;
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
	// Presence of each slot over all observed days of the window, whatever the weekday.
	const pooledPresent = new Int32Array(S);
	let pooledObserved = 0;
	for (let w = 0; w < 7; w++) {
		pooledObserved += observedOfWeekday[w];
		for (let s = 0; s < S; s++) pooledPresent[s] += presentCount[w][s];
	}
	const pooledTypical = new Uint8Array(S);
	for (let s = 0; s < S; s++) pooledTypical[s] = pooledObserved > 0 && pooledPresent[s] >= 0.5 * pooledObserved ? 1 : 0;
	// A weekday the history never reached (a history shorter than a week) is not evidence of a
	// closed day: it is open like the days seen, with their usual slots. A history of a week or
	// more that never shows a weekday says the centre is closed on it.
	const unseen = new Array(7).fill(false);
	if (N < 7 && pooledObserved > 0) {
		for (let w = 0; w < 7; w++) {
			if (daysOfWeekday[w] === 0) {
				openWeekday[w] = true;
				unseen[w] = true;
			}
		}
	}
	const typicalSlot = presentCount.map((counts, w) => {
		if (unseen[w]) return Uint8Array.from(pooledTypical);
		const t = new Uint8Array(S);
		const obs = observedOfWeekday[w];
		for (let s = 0; s < S; s++) t[s] = obs > 0 && counts[s] >= 0.5 * obs ? 1 : 0;
		fillShortGaps(t, pooledPresent, pooledObserved, Math.max(1, Math.round(GAP_FILL_MINUTES / grid.intervalMin)));
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
	// A weekday without a single gap-free day (rows missing on every day, e.g. every 7th row):
	// shares from the slot means over all observed days, wherever present.
	const slotSum = new Float64Array(S);
	const slotN = new Int32Array(S);
	for (let d = 0; d < N; d++) {
		if (grid.rowsPerDay[d] === 0) continue;
		for (let s = 0; s < S; s++) {
			const v = values[d * S + s];
			if (!Number.isNaN(v)) {
				slotSum[s] += v;
				slotN[s]++;
			}
		}
	}
	for (let w = 0; w < 7; w++) {
		if (shareDen[w] > 0) continue;
		const typ = typicalSlot[w];
		for (let s = 0; s < S; s++) if (typ[s] && slotN[s] > 0) shareNum[w][s] = slotSum[s] / slotN[s];
		for (let s = 0; s < S; s++) shareDen[w] += shareNum[w][s];
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
