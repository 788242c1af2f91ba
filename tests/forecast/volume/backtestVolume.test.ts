import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestVolume, parseHistoryCsv } from '../../../forecast/volume';

const DATA = resolve(__dirname, '../../fixtures/bank-calls-2003');

describe('backtestVolume on the bank-calls split', () => {
	const history = parseHistoryCsv(readFileSync(resolve(DATA, 'bank_calls_5min_2003.csv'), 'utf8'));
	const report = backtestVolume(history, { holdoutDays: 14 });
	const table = (file: string) => {
		const [head, ...rows] = readFileSync(resolve(DATA, file), 'utf8').trim().split(/\r?\n/);
		const cols = head.split(',');
		return rows.map((r) => Object.fromEntries(r.split(',').map((c, i) => [cols[i], c])));
	};

	it('reproduces the README split: train to 2003-10-10, 1 521 scored five-minute points', () => {
		// Oracle: tests/fixtures/bank-calls-2003/README.md.
		expect(report.trainEnd).toBe('2003-10-10');
		expect(report.holdoutEnd).toBe('2003-10-24');
		expect(report.forecasts.snaive).toHaveLength(1521);
		expect(report.scale.native.m).toBe(845);
	});

	it('our snaive and avg4w are the anchors’ snaive and avg4w, point for point and in every metric', () => {
		// Oracle: anchor_forecasts / anchor_metrics computed in R by the data set's authors.
		const fc = table('anchor_forecasts_last2weeks.csv').filter((r) => r.actual !== 'NA');
		for (const model of ['snaive', 'avg4w'] as const) {
			const ours = report.forecasts[model];
			expect(ours.map((p) => p.timestamp)).toEqual(fc.map((r) => r.timestamp));
			ours.forEach((p, i) => expect(p.forecast).toBeCloseTo(Number(fc[i][model]), 9));
			for (const r of table('anchor_metrics_last2weeks.csv').filter((x) => x.method === model)) {
				const m = report.rows.find((x) => x.model === model && x.level === r.level)!.metrics;
				expect(m.wapePct).toBeCloseTo(Number(r.WAPE), 9);
				expect(m.mase).toBeCloseTo(Number(r.MASE), 9);
				expect(m.biasPct).toBeCloseTo(Number(r.Bias), 9);
			}
		}
	});

	it('reports every candidate at 5-min, 30-min and daily level with interval coverage', () => {
		expect(report.rows).toHaveLength(4 * 3);
		for (const row of report.rows) {
			expect(Number.isFinite(row.metrics.cov80Pct)).toBe(true);
			expect(row.metrics.cov95Pct).toBeGreaterThanOrEqual(row.metrics.cov80Pct);
		}
		expect(report.rows[0].model).toBe(report.chosen);
	});
});
