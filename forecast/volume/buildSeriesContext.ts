import type { CalendarEvent } from '../calendar/CalendarEvent';
import { eventDayPositions, type EventDayPosition } from '../calendar/eventDayPositions';
import { dateOfDay, dayNumber, weekdayOfDay } from '../calendar/localDate';
import type { SeriesGrid } from './buildSeriesGrid';
import { describeDays, type DayStructure } from './describeDays';

/** Everything the models share about one history: grid, opening pattern, events, day classes. */
export interface SeriesContext {
	grid: SeriesGrid;
	days: DayStructure;
	events: readonly CalendarEvent[];
	/** event positions per absolute day number, for history and horizon */
	positions: Map<number, EventDayPosition[]>;
	/** absolute day number of the last history day */
	lastDay: number;
	/** last day number the context covers (history + horizon) */
	maxDay: number;
	/** per grid day: usable total, open weekday, outside every event window → a "normal" day */
	isNormal: Uint8Array;
	/**
	 * Billing-cycle position of an absolute day: 1, 2, 3 = first/second/third open day of the
	 * month, 4 = last open day of the month, 0 = otherwise or closed.
	 */
	monthEdge(day: number): number;
	/** the centre is expected to be open: open weekday and no closure core day */
	isOpenDay(day: number): boolean;
	/**
	 * Memo for fits that many backtest configurations share (e.g. the daily backfit per origin);
	 * lives and dies with this context, so no state outlives one forecast call.
	 */
	memo: Map<string, unknown>;
}

/**
 * Month-edge (billing-cycle) buckets: the first `MONTH_EDGE_FIRST_DAYS` open days of a month get
 * buckets 1…4, its last open day bucket 5, every other day 0. Four, not three, first days: decided
 * on 16 development splits of the bank data's training span (see docs/forecasting.md, "Tuning log";
 * in-sample the bank's 1st–3rd open days run +9/+6/+5 % and the last one +6 % over mid-month days).
 */
export const MONTH_EDGE_FIRST_DAYS = 4;
/** Number of month-edge buckets including bucket 0 (no edge). */
export const MONTH_EDGE_BUCKETS = MONTH_EDGE_FIRST_DAYS + 2;

/**
 * Builds the shared context for `grid`, with events expanded over the history and `horizonDays`
 * beyond it.
 *
 * @throws if `horizonDays` is negative.
 * @example buildSeriesContext(grid, [], 14).lastDay === grid.firstDay + grid.numDays - 1 // true
 */
export function buildSeriesContext(
	grid: SeriesGrid,
	events: readonly CalendarEvent[],
	horizonDays: number
): SeriesContext {
	if (!(horizonDays >= 0)) throw new Error(`buildSeriesContext: horizonDays must be ≥ 0, got ${horizonDays}`);
	const days = describeDays(grid);
	const lastDay = grid.firstDay + grid.numDays - 1;
	const maxDay = lastDay + Math.ceil(horizonDays) + 1;
	// Windows reach back/forward by ramp/tail: expand over a margin so edge days see their events.
	const positions = eventDayPositions(events, grid.firstDay - 62, maxDay + 62);

	moveEvesToOpenDays(events, positions, (day) => days.openWeekday[weekdayOfDay(day)]);

	const closureCore = (day: number) =>
		(positions.get(day) ?? []).some((p) => p.kind === 'closure' && p.phase === 'core');
	const isOpenDay = (day: number) => days.openWeekday[weekdayOfDay(day)] && !closureCore(day);

	const isNormal = new Uint8Array(grid.numDays);
	for (let d = 0; d < grid.numDays; d++) {
		const day = grid.firstDay + d;
		isNormal[d] = days.dayComplete[d] && days.openWeekday[days.weekday[d]] && !positions.has(day) ? 1 : 0;
	}

	// Month-edge buckets over [firstDay − 31, maxDay + 31], month by month.
	const edgeFrom = grid.firstDay - 31;
	const edgeTo = maxDay + 31;
	const edge = new Uint8Array(edgeTo - edgeFrom + 1);
	let monthStart = edgeFrom;
	while (monthStart <= edgeTo) {
		const ym = dateOfDay(monthStart).slice(0, 7);
		let monthEnd = monthStart;
		while (monthEnd + 1 <= edgeTo && dateOfDay(monthEnd + 1).slice(0, 7) === ym) monthEnd++;
		const open: number[] = [];
		for (let day = monthStart; day <= monthEnd; day++) if (isOpenDay(day)) open.push(day);
		// Only whole months get buckets; the partial month at the start of the range does not.
		const whole = dateOfDay(monthStart).endsWith('-01');
		if (whole) {
			open.slice(0, MONTH_EDGE_FIRST_DAYS).forEach((day, i) => (edge[day - edgeFrom] = i + 1));
			if (open.length > MONTH_EDGE_FIRST_DAYS) edge[open[open.length - 1] - edgeFrom] = MONTH_EDGE_FIRST_DAYS + 1;
		}
		monthStart = monthEnd + 1;
	}
	const monthEdge = (day: number) => (day >= edgeFrom && day <= edgeTo ? edge[day - edgeFrom] : 0);

	return { grid, days, events, positions, lastDay, maxDay, isNormal, monthEdge, isOpenDay, memo: new Map() };
}

const PHASE_RANK = { core: 0, ramp: 1, tail: 2 } as const;

/**
 * The eve of a holiday or closure is the last day the centre is open before it: for a centre
 * closed at weekends and a Monday holiday that is the Friday, not the closed Sunday the calendar
 * day before would give (issue 22). The open day found within the week before gets the event's
 * `ramp 1` position (replacing any other position of the same event there); the calendar day
 * before keeps its own. Changes `positions` in place.
 */
function moveEvesToOpenDays(
	events: readonly CalendarEvent[],
	positions: Map<number, EventDayPosition[]>,
	isOpenWeekday: (day: number) => boolean
): void {
	events.forEach((e, eventIndex) => {
		if ((e.kind !== 'holiday' && e.kind !== 'closure') || e.rampDays < 1) return;
		const start = dayNumber(e.dateStart);
		if (isOpenWeekday(start - 1)) return;
		let eve = -1;
		for (let k = 2; k <= 7; k++) {
			if (isOpenWeekday(start - k)) {
				eve = start - k;
				break;
			}
		}
		if (eve < 0) return;
		const list = (positions.get(eve) ?? []).filter((p) => p.eventIndex !== eventIndex);
		list.push({ eventIndex, name: e.name, kind: e.kind, phase: 'ramp', offset: 1, coreDays: dayNumber(e.dateEnd) - start + 1 });
		const rank = (p: EventDayPosition) => (p.phase === 'core' && p.kind === 'closure' ? -1 : PHASE_RANK[p.phase]);
		list.sort((a, b) => rank(a) - rank(b) || a.eventIndex - b.eventIndex);
		positions.set(eve, list);
	});
}
