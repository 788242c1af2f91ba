import { describe, expect, it } from 'vitest';
import {
	erlangC,
	erlangCAsaSec,
	erlangCOccupancy,
	erlangCServiceLevel,
	evaluateErlangC
} from '../../../forecast/staffing/index';

const traffic = { arrivals: 100, intervalSec: 1800, ahtSec: 180 }; // 10 Erlangs

describe('Erlang C, classic 100 calls / 30 min, AHT 180 s, 20 s example', () => {
	it('service level for 11…14 agents is 39.0 / 64.0 / 79.6 / 88.8 %', () => {
		// Published: Call Centre Helper, "Erlang C formula – made simple with an easy worked
		// example" (100 calls / 30 min, AHT 3 min, target 20 s), printed to one decimal.
		const printed = ['39.0', '64.0', '79.6', '88.8'];
		[11, 12, 13, 14].forEach((n, i) => {
			expect((100 * erlangCServiceLevel(n, 10, 180, 20)).toFixed(1)).toBe(printed[i]);
		});
	});

	it('reproduces the pyworkforce README vector for 14 agents', () => {
		// Published: pyworkforce 0.1 README, ErlangC(transactions=100, asa=20/60, aht=3,
		// interval=30) → service_level 0.8883500191794669, occupancy 0.7142857142857143,
		// waiting_probability 0.1741319335950498.
		const m = evaluateErlangC({ ...traffic, agents: 14, thresholdSec: 20 });
		expect(m.serviceLevel).toBeCloseTo(0.8883500191794669, 14);
		expect(m.occupancy).toBeCloseTo(0.7142857142857143, 15);
		expect(m.pWait).toBeCloseTo(0.1741319335950498, 14);
	});

	it('P(wait) and ASA match the factorial-sum definition', () => {
		// independent computation: mpmath 50 digits, C from A^N/N!·N/(N−A) over the full sum;
		// ASA = C·AHT/(N−A)
		const expected: Record<number, [number, number]> = {
			11: [0.6821182046893324, 122.78127684407983],
			12: [0.44938822429827086, 40.44494018684438],
			13: [0.28527045303649295, 17.116227182189576],
			14: [0.17413193359504983, 7.835937011777243]
		};
		for (const [n, [c, asa]] of Object.entries(expected)) {
			expect(erlangC(Number(n), 10)).toBeCloseTo(c, 14);
			expect(erlangCAsaSec(Number(n), 10, 180)).toBeCloseTo(asa, 11);
		}
	});
});

describe('Erlang C at scale and at the edges', () => {
	it('is correct at 20 000 agents', () => {
		// independent computation: mpmath 50 digits (log-sum-exp Erlang B, then C = N·B/(N − A(1−B)))
		expect(erlangC(20000, 19800)).toBeCloseTo(0.10058898749273909, 13);
		// 1 − SL = C·e^{−(N−A)t/AHT} = 2.246791641624668e-11 (same computation)
		const tail = 1 - erlangCServiceLevel(20000, 19800, 180, 20);
		expect(Math.abs(tail - 2.246791641624668e-11) / 2.246791641624668e-11).toBeLessThan(1e-4);
	});

	it('reports an unstable queue (N ≤ A) explicitly instead of nonsense', () => {
		// definition: with N ≤ A the M/M/N queue has no steady state
		expect(erlangC(10, 10)).toBe(1);
		expect(erlangCServiceLevel(9, 10, 180, 20)).toBe(0);
		expect(erlangCAsaSec(10, 10, 180)).toBe(Infinity);
		const m = evaluateErlangC({ ...traffic, agents: 10, thresholdSec: 20 });
		expect(m).toMatchObject({ stable: false, pWait: 1, serviceLevel: 0, asaSec: null, occupancy: 1 });
		expect(JSON.parse(JSON.stringify(m))).toEqual(m); // plain JSON, no Infinity
	});

	it('an empty interval waits for nothing', () => {
		// definition: A = 0 → nobody queues
		const m = evaluateErlangC({ arrivals: 0, intervalSec: 900, ahtSec: 180, agents: 3, thresholdSec: 20 });
		expect(m).toMatchObject({ stable: true, pWait: 0, serviceLevel: 1, asaSec: 0, occupancy: 0 });
		expect(erlangC(0, 0)).toBe(0);
	});

	it('service level at t = 0 is 1 − C, occupancy is A/N', () => {
		// definition: P(W ≤ 0) = 1 − P(W > 0); occupancy A/N (independent arithmetic: 33.33/40)
		expect(erlangCServiceLevel(14, 10, 180, 0)).toBeCloseTo(1 - erlangC(14, 10), 15);
		expect(erlangCOccupancy(40, 1000 * 120 / 3600)).toBeCloseTo(0.8333333333333334, 15);
	});

	it('rejects bad arguments', () => {
		expect(() => erlangCServiceLevel(14, 10, 0, 20)).toThrow('erlangCServiceLevel: ahtSec must be a finite number > 0, got 0');
		expect(() => evaluateErlangC({ ...traffic, agents: -1, thresholdSec: 20 })).toThrow(
			'evaluateErlangC: agents must be a non-negative integer, got -1'
		);
		expect(() => evaluateErlangC({ ...traffic, intervalSec: 0, agents: 3, thresholdSec: 20 })).toThrow(
			/offeredLoadErlangs: intervalSec must be a finite number > 0/
		);
	});
});
