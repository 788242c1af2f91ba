import { describe, expect, it } from 'vitest';
import { erlangB, logErlangB, requiredLines } from '../../../forecast/staffing/index';

describe('erlangB', () => {
	it('10 Erlangs at 2 % blocking need 17 lines', () => {
		// Published Erlang B table (e.g. Cooper, "Introduction to Queueing Theory", Erlang B
		// table; the vector): 10 E, grade of service 0.02 → 17 lines.
		expect(requiredLines(10, 0.02)).toBe(17);
	});

	it('matches the factorial-sum definition around that answer', () => {
		// independent computation: mpmath 50 digits, B = (A^N/N!) / Σ_{k≤N} A^k/k!
		expect(erlangB(17, 10)).toBeCloseTo(0.01294887522472657, 15);
		expect(erlangB(16, 10)).toBeCloseTo(0.022301872040363657, 15);
	});

	it('has the closed forms of the first terms', () => {
		// definition: B(0, A) = 1; B(1, A) = A / (1 + A); no load, no blocking
		expect(erlangB(0, 7)).toBe(1);
		expect(erlangB(1, 3)).toBeCloseTo(0.75, 15);
		expect(erlangB(5, 0)).toBe(0);
	});

	it('stays exact at 20 000 servers', () => {
		// independent computation: mpmath 50 digits, ln B by log-sum-exp of k ln A − ln k!
		expect(logErlangB(20000, 19800)).toBeCloseTo(-6.796985283515461, 11);
		expect(erlangB(20000, 19800)).toBeCloseTo(Math.exp(-6.796985283515461), 14);
	});

	it('logErlangB is finite where B underflows', () => {
		// independent computation: mpmath 50 digits → ln B(2000, 100) = −4096.183978537624
		expect(erlangB(2000, 100)).toBe(0);
		const v = logErlangB(2000, 100);
		expect(Math.abs(v - -4096.183978537624) / 4096.183978537624).toBeLessThan(1e-12);
		// definition: no servers blocks everything; no load blocks nothing
		expect(logErlangB(0, 5)).toBe(0);
		expect(logErlangB(3, 0)).toBe(-Infinity);
	});

	it('rejects bad arguments with the function and argument named', () => {
		expect(() => erlangB(-1, 10)).toThrow('erlangB: agents must be a non-negative integer, got -1');
		expect(() => erlangB(2.5, 10)).toThrow(/agents must be a non-negative integer/);
		expect(() => erlangB(3, -1)).toThrow('erlangB: offeredLoadErlangs must be a finite number >= 0, got -1');
		expect(() => erlangB(3, Number.NaN)).toThrow(/offeredLoadErlangs/);
		expect(() => requiredLines(10, 0)).toThrow(/maxBlockingFraction must be a fraction strictly between 0 and 1/);
	});
});
