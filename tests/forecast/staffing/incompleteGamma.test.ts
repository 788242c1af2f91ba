import { describe, expect, it } from 'vitest';
import {
	logErlangAFunction,
	logGamma,
	logRegularizedLowerGamma,
	logRegularizedUpperGamma
} from '../../../forecast/staffing/index';

describe('logGamma', () => {
	it('matches factorials and Γ(1/2) = √π', () => {
		// definition: Γ(n) = (n−1)!; Γ(1/2) = √π (A&S 6.1.8)
		expect(logGamma(5)).toBeCloseTo(Math.log(24), 14);
		expect(logGamma(1)).toBeCloseTo(0, 14);
		expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
		// ln 170! by summing logs (independent arithmetic)
		let s = 0;
		for (let k = 2; k <= 170; k++) s += Math.log(k);
		expect(Math.abs(logGamma(171) - s) / s).toBeLessThan(1e-14);
		expect(() => logGamma(0)).toThrow('logGamma: x must be a finite number > 0, got 0');
	});
});

describe('regularized incomplete gamma in log space', () => {
	// independent computation: mpmath 1.3 gammainc(a, 0, x, regularized=True), 50 digits
	const cases: [number, number, number, number][] = [
		[0.5, 0.1, -1.0634020471545287, -0.4235463234759657],
		[3, 2, -1.1291016497509287, -0.3905620875658996],
		[100, 90, -1.843762557440094, -0.1722377566538677],
		[100, 120, -0.028259299048920383, -3.5804290809275314],
		[3401.5, 3333.25, -2.1159779250151516, -0.12841919864799095],
		[3401.5, 3500.75, -0.0464646979557549, -3.092204832051721],
		[1e6, 1e6 + 500, -0.36881913593320664, -1.1761970657867393]
	];
	it.each(cases)('P and Q at a=%d, x=%d', (a, x, lnP, lnQ) => {
		// relative 1e-9: ln Γ(a) ≈ 1.3e7 at a = 1e6 leaves ~1e-9 of rounding in ln P
		expect(Math.abs(logRegularizedLowerGamma(a, x) - lnP)).toBeLessThan(1e-9 * Math.max(1, Math.abs(lnP)));
		expect(Math.abs(logRegularizedUpperGamma(a, x) - lnQ)).toBeLessThan(1e-9 * Math.max(1, Math.abs(lnQ)));
	});

	it('has the closed form for a = 1', () => {
		// A&S 6.5.13 with a = 1: P(1, x) = 1 − e^{−x}
		expect(Math.exp(logRegularizedLowerGamma(1, 2))).toBeCloseTo(1 - Math.exp(-2), 15);
		expect(Math.exp(logRegularizedUpperGamma(1, 2))).toBeCloseTo(Math.exp(-2), 15);
		expect(logRegularizedLowerGamma(2, 0)).toBe(-Infinity);
	});

	it('Erlang A function A(x, y) = Γ(x+1) e^y y^{−x} P(x, y)', () => {
		// independent computation: mpmath loggamma + gammainc (50 digits); A(1, 1) = e − 1
		const cases: [number, number, number][] = [
			[1, 1, Math.log(Math.E - 1)],
			[14 * 5 / 3, 10 * 5 / 3, 1.0371135840228078],
			[3401.5, 3333.25, 3.5629771467238123],
			[3401.5, 3500.75, 6.358893615839461],
			[20, 200, 136.36926912979274]
		];
		for (const [x, y, expected] of cases) {
			expect(Math.abs(logErlangAFunction(x, y) - expected)).toBeLessThan(1e-11 * Math.max(1, expected));
		}
		expect(logErlangAFunction(5, 0)).toBe(0);
	});
});
