import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSeriesContext } from '../../../forecast/volume/buildSeriesContext';
import { aggregateGrid } from '../../../forecast/volume/buildSeriesGrid';
import { gridAtInterval } from '../../../forecast/volume/forecastVolume';
import { parseHistoryCsv, scoreForecast, seasonalNaiveScale } from '../../../forecast/volume';
import { weeklySeries } from '../../../forecast/volume/seasonalNaiveScale';

describe('scoreForecast', () => {
	it('computes WAPE, MASE, bias and coverage as defined', () => {
		// Oracle: hand computation. e = [−2, 2, −1, 5]; Σ|e| = 10; Σy = 100; Σf = 96.
		const m = scoreForecast(
			{
				actual: [10, 20, 30, 40],
				forecast: [12, 18, 31, 35],
				lo80: [9, 19, 31, 30],
				hi80: [11, 21, 33, 39],
				lo95: [0, 0, 0, 0],
				hi95: [99, 99, 99, 39]
			},
			2.5
		);
		expect(m.n).toBe(4);
		expect(m.wapePct).toBeCloseTo(10, 12);
		expect(m.mae).toBeCloseTo(2.5, 12);
		expect(m.mase).toBeCloseTo(1, 12);
		expect(m.biasPct).toBeCloseTo(-4, 12);
		expect(m.cov80Pct).toBeCloseTo(50, 12); // 10 ∈ [9,11], 20 ∈ [19,21]; 30 ∉ [31,33], 40 ∉ [30,39]
		expect(m.cov95Pct).toBeCloseTo(75, 12);
	});

	it('skips missing actuals and rejects mismatched lengths', () => {
		const m = scoreForecast({ actual: [NaN, 10], forecast: [5, 8] });
		expect(m.n).toBe(1);
		expect(m.wapePct).toBeCloseTo(20, 12);
		expect(Number.isNaN(m.mase)).toBe(true);
		expect(() => scoreForecast({ actual: [1, 2], forecast: [1] })).toThrow(/forecast has 1 values/);
	});

	it('seasonalNaiveScale is the mean absolute seasonal difference', () => {
		// Oracle: (|4−1| + |8−2|) / 2 = 4.5
		expect(seasonalNaiveScale([1, 2, 4, 8], 2)).toBe(4.5);
		expect(() => seasonalNaiveScale([1, 2], 2)).toThrow(/m must be/);
	});
});

const DATA = resolve(__dirname, '../../fixtures/bank-calls-2003');

describe('anchor scores recomputed from anchor_forecasts_last2weeks.csv', () => {
	const table = (file: string) => {
		const [head, ...rows] = readFileSync(resolve(DATA, file), 'utf8').trim().split(/\r?\n/);
		const cols = head.split(',');
		return rows.map((r) => Object.fromEntries(r.split(',').map((c, i) => [cols[i], c])));
	};
	const metrics = table('anchor_metrics_last2weeks.csv');
	const fc = table('anchor_forecasts_last2weeks.csv');
	const history = parseHistoryCsv(readFileSync(resolve(DATA, 'bank_calls_5min_2003.csv'), 'utf8')).filter(
		(p) => p.timestamp < '2003-10-13'
	);
	const train = gridAtInterval(history, 'Asia/Shanghai');
	const scaleAt = (minutes: number) => {
		const g = aggregateGrid(train, minutes);
		const ws = weeklySeries(buildSeriesContext(g, [], 0), g.firstDay + g.numDays);
		return { q: seasonalNaiveScale(ws.series, ws.m), m: ws.m };
	};
	const scales: Record<string, { q: number; m: number }> = { native: scaleAt(5), '30min': scaleAt(30), day: scaleAt(1440) };

	it('reproduces the anchors’ MASE scale Q (m = 845 five-minute intervals)', () => {
		// Oracle: anchor_metrics — Q = MAE / MASE of any method at each level.
		for (const level of ['native', '30min', 'day']) {
			const row = metrics.find((r) => r.level === level && r.method === 'snaive')!;
			expect(Math.abs(scales[level].q / (Number(row.MAE) / Number(row.MASE)) - 1)).toBeLessThan(1e-9);
		}
		expect(scales.native.m).toBe(845);
	});

	it('matches every anchor metric to ~1e-6 (relative; stlf/tbats forecasts are stored to 3 decimals)', () => {
		const bucket = (ts: string, level: string) =>
			level === 'native' ? ts : level === 'day' ? ts.slice(0, 10) : `${ts.slice(0, 14)}${Math.floor(Number(ts.slice(14, 16)) / 30)}`;
		let checked = 0;
		for (const row of metrics) {
			const { level, method } = row;
			const b = new Map<string, number[]>();
			for (const r of fc) {
				const k = bucket(r.timestamp, level);
				const acc = b.get(k) ?? [0, 0, 0, 0, 0, 0];
				const iv = r[`${method}_lo80`] !== undefined;
				const vals = [r.actual, r[method], ...(iv ? [r[`${method}_lo80`], r[`${method}_hi80`], r[`${method}_lo95`], r[`${method}_hi95`]] : [0, 0, 0, 0])];
				vals.forEach((v, i) => (acc[i] += Number(v)));
				b.set(k, acc);
			}
			const rows = [...b.values()];
			const withIv = level === 'native' && row.Cov80 !== 'NA';
			const m = scoreForecast(
				{
					actual: rows.map((x) => x[0]),
					forecast: rows.map((x) => x[1]),
					...(withIv ? { lo80: rows.map((x) => x[2]), hi80: rows.map((x) => x[3]), lo95: rows.map((x) => x[4]), hi95: rows.map((x) => x[5]) } : {})
				},
				scales[level].q
			);
			const pairs: Array<[number, string]> = [
				[m.n, row.n],
				[m.mae, row.MAE],
				[m.wapePct, row.WAPE],
				[m.mase, row.MASE],
				[m.biasPct, row.Bias],
				[m.cov80Pct, row.Cov80],
				[m.cov95Pct, row.Cov95]
			];
			for (const [ours, theirs] of pairs) {
				if (theirs === 'NA') continue;
				const rel = Math.abs(ours - Number(theirs)) / Math.max(1, Math.abs(Number(theirs)));
				expect([level, method, rel < 2e-6]).toEqual([level, method, true]);
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(60);
	});
});
