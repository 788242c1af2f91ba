import { describe, expect, it } from 'vitest';
import { applyCalibration, calibrateIntervals } from '../../../forecast/volume';
import { mulberry32 } from '../../helpers/random';

/**
 * Residual generator with a known error model: actual = Poisson(f · L) with a log-normal level
 * error L (σ = 0.06), i.e. Var ≈ f + 0.0036 f², the shape the calibration assumes.
 */
function simulate(n: number, seed: number) {
	const rnd = mulberry32(seed);
	const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
	const h: number[] = [];
	const actual: number[] = [];
	const forecast: number[] = [];
	for (let i = 0; i < n; i++) {
		const f = 5 + 400 * rnd();
		const lambda = f * Math.exp(0.06 * gauss() - 0.0018);
		// Poisson via normal approximation with continuity (λ ≥ 5 here).
		const y = Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss()));
		h.push(Math.floor(14 * rnd()));
		actual.push(y);
		forecast.push(f);
	}
	return { h, actual, forecast };
}

describe('calibrateIntervals', () => {
	const train = simulate(20_000, 1);
	const cal = calibrateIntervals('native', train.h, train.actual, train.forecast);

	it('recovers the variance model (Poisson scale ≈ 1, level scale ≈ 0.06²)', () => {
		// Oracle: the generator's parameters (φ = 1, κ = 0.0036).
		expect(cal.poissonScale).toBeGreaterThan(0.7);
		expect(cal.poissonScale).toBeLessThan(1.4);
		expect(cal.levelScale).toBeGreaterThan(0.0028);
		expect(cal.levelScale).toBeLessThan(0.0045);
		expect(cal.countByWeek).toHaveLength(2);
	});

	it('covers 80 % and 95 % of fresh draws from the same process', () => {
		// Oracle: simulation — coverage on 20 000 independent residuals, binomial SE ≈ 0.3 %.
		const test = simulate(20_000, 2);
		let in80 = 0;
		let in95 = 0;
		let below50 = 0;
		for (let i = 0; i < test.actual.length; i++) {
			const iv = applyCalibration(cal, test.forecast[i], test.h[i]);
			if (test.actual[i] >= iv.lo80 && test.actual[i] <= iv.hi80) in80++;
			if (test.actual[i] >= iv.lo95 && test.actual[i] <= iv.hi95) in95++;
			if (test.actual[i] <= iv.p50) below50++;
		}
		expect(in80 / test.actual.length).toBeGreaterThan(0.78);
		expect(in80 / test.actual.length).toBeLessThan(0.82);
		expect(in95 / test.actual.length).toBeGreaterThan(0.935);
		expect(in95 / test.actual.length).toBeLessThan(0.965);
		expect(below50 / test.actual.length).toBeGreaterThan(0.48);
		expect(below50 / test.actual.length).toBeLessThan(0.53);
	});

	it('widens beyond the backtested weeks and is zero for a zero forecast', () => {
		const near = applyCalibration(cal, 200, 10);
		const far = applyCalibration(cal, 200, 60);
		// Week 8 vs last calibrated week 1: spread × √(9/2).
		expect((far.hi80 - 200) / (near.hi80 - 200)).toBeCloseTo(Math.sqrt(9 / 2), 6);
		expect(applyCalibration(cal, 0, 3)).toEqual({ lo80: 0, hi80: 0, lo95: 0, hi95: 0, p50: 0, p80: 0, p90: 0 });
		expect(() => applyCalibration(cal, -1, 0)).toThrow(/finite number ≥ 0/);
		expect(() => calibrateIntervals('x', [0], [1], [1])).toThrow(/need ≥ 10 backtest residuals/);
	});
});
