/**
 * Month-edge (billing-cycle) effects: the first four and the last open day of a month. Oracles:
 * the Gregorian calendar (which days are the first/last open days) and the generator's own
 * multipliers (what the fit must recover); never the forecaster's output.
 */
import { describe, expect, it } from 'vitest';
import { dateOfDay, dayNumber, weekdayOfDay } from '../../../forecast/calendar/localDate';
import type { CalendarEvent } from '../../../forecast/calendar';
import { buildSeriesContext, MONTH_EDGE_BUCKETS, MONTH_EDGE_FIRST_DAYS } from '../../../forecast/volume/buildSeriesContext';
import { buildSeriesGrid } from '../../../forecast/volume/buildSeriesGrid';
import { fitDailyModel } from '../../../forecast/volume/fitDailyModel';
import { forecastVolume, formatTimestamp, type VolumePoint } from '../../../forecast/volume';
import { mulberry32 } from '../../helpers/random';

/** Open weekdays of a month, in order (weekends closed), minus `closed` dates. */
function openDaysOfMonth(ym: string, closed: readonly string[] = []): number[] {
	const out: number[] = [];
	for (let day = dayNumber(`${ym}-01`); ; day++) {
		const date = dateOfDay(day);
		if (date.slice(0, 7) !== ym) break;
		if (weekdayOfDay(day) < 5 && !closed.includes(date)) out.push(day);
	}
	return out;
}

/** Multiplier of the generator: ×edgeFirst on the first four open days, ×edgeLast on the last. */
function edgeMultiplier(day: number, edgeFirst: number, edgeLast: number): number {
	const ym = dateOfDay(day).slice(0, 7);
	const open = openDaysOfMonth(ym);
	const i = open.indexOf(day);
	if (i < 0) return 1;
	if (i < 4) return edgeFirst;
	return i === open.length - 1 ? edgeLast : 1;
}

/**
 * Weekday-only hourly series 08:00–20:00 with a weekly pattern and the month-edge multipliers;
 * counts are normal approximations of Poisson draws (≈ 1 % noise on a day's total).
 */
function simulate(from: string, to: string, edgeFirst: number, edgeLast: number, seed: number): VolumePoint[] {
	const rnd = mulberry32(seed);
	const weekly = [1.2, 1.0, 0.95, 0.95, 1.0];
	const out: VolumePoint[] = [];
	for (let day = dayNumber(from); day <= dayNumber(to); day++) {
		const wd = weekdayOfDay(day);
		if (wd >= 5) continue;
		const total = 10000 * weekly[wd] * edgeMultiplier(day, edgeFirst, edgeLast);
		for (let h = 8; h < 20; h++) {
			const mean = total / 12;
			const u1 = rnd() || 1e-12;
			const u2 = rnd();
			const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
			out.push({ timestamp: formatTimestamp(day, h * 60), count: Math.max(0, Math.round(mean + Math.sqrt(mean) * z)) });
		}
	}
	return out;
}

const config = { levelHalfLifeDays: 14, trend: false, monthEdge: true, yearly: false, weekdayHalfLifeWeeks: 26 };

describe('month-edge buckets', () => {
	it('labels the first four open days 1…4 and the last open day 5, skipping weekends and known closures', () => {
		// March 2025 (calendar): Sat 1st, Mon 3rd … Mon 31st; 03-04 is a known closure.
		const closure: CalendarEvent = { name: 'Shut', kind: 'closure', dateStart: '2025-03-04', dateEnd: '2025-03-04', rampDays: 0, tailDays: 0, source: 'user' };
		const grid = buildSeriesGrid(simulate('2025-01-01', '2025-03-31', 1, 1, 3));
		const ctx = buildSeriesContext(grid, [closure], 0);
		expect(MONTH_EDGE_FIRST_DAYS).toBe(4);
		expect(MONTH_EDGE_BUCKETS).toBe(6);
		const bucket = (date: string) => ctx.monthEdge(dayNumber(date));
		expect(['2025-03-03', '2025-03-05', '2025-03-06', '2025-03-07'].map(bucket)).toEqual([1, 2, 3, 4]);
		expect(bucket('2025-03-04')).toBe(0); // the closure is not an open day
		expect(bucket('2025-03-10')).toBe(0); // fifth open day
		expect(bucket('2025-03-28')).toBe(0); // Friday before the last open day
		expect(bucket('2025-03-31')).toBe(5); // last open day (Monday)
		expect(bucket('2025-03-01')).toBe(0); // Saturday, closed weekday
	});
});

describe('month-edge effects are recovered by the daily model', () => {
	it('recovers ×1.10 on the first four open days and ×1.08 on the last (log effects within 0.02)', () => {
		const grid = buildSeriesGrid(simulate('2025-01-06', '2025-06-27', 1.1, 1.08, 11));
		const ctx = buildSeriesContext(grid, [], 0);
		const fit = fitDailyModel(ctx, ctx.lastDay + 1, config);
		// Oracle: the generator's multipliers. The model's effects are relative to mid-month days.
		for (let b = 1; b <= 4; b++) expect(Math.abs(fit.monthEdgeLog[b] - Math.log(1.1))).toBeLessThan(0.02);
		expect(Math.abs(fit.monthEdgeLog[5] - Math.log(1.08))).toBeLessThan(0.02);
	});

	it('estimates effects near 0 on a series without them (noise, not structure)', () => {
		const grid = buildSeriesGrid(simulate('2025-01-06', '2025-06-27', 1, 1, 12));
		const ctx = buildSeriesContext(grid, [], 0);
		const fit = fitDailyModel(ctx, ctx.lastDay + 1, config);
		// ≈1 % daily noise averaged over five or six months per bucket: |effect| well under 2 %.
		for (let b = 1; b <= 5; b++) expect(Math.abs(fit.monthEdgeLog[b])).toBeLessThan(0.02);
	});

	it('forecasts the next month start above mid-month days by the true factor (within 3 %)', () => {
		// History to Fri 2025-06-20; horizon covers the last open day of June and July's first days.
		const history = simulate('2025-01-06', '2025-06-20', 1.1, 1.08, 13);
		const fc = forecastVolume(history, { horizonDays: 21 });
		const byDate = new Map(fc.daily.map((d) => [d.date, d.forecast]));
		// Same weekdays, oracle ratios from the generator: Tue 07-01 (first open day) vs Tue 07-08
		// (sixth open day, mid-month), Mon 06-30 (last open day) vs Mon 06-23.
		const r1 = byDate.get('2025-07-01')! / byDate.get('2025-07-08')!;
		const r2 = byDate.get('2025-06-30')! / byDate.get('2025-06-23')!;
		expect(Math.abs(r1 / 1.1 - 1)).toBeLessThan(0.03);
		expect(Math.abs(r2 / 1.08 - 1)).toBeLessThan(0.03);
	});
});
