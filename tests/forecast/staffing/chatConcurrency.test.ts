import { describe, expect, it } from 'vitest';
import {
	evaluateChatConcurrency,
	evaluateChatDivisor,
	evaluateErlangA,
	evaluateErlangC,
	requiredAgentsChatConcurrency,
	requiredAgentsChatDivisor,
	requiredAgentsErlangC
} from '../../../forecast/staffing/index';

const ahts = [300, 390, 480];
const chat = { arrivals: 600, intervalSec: 1800, concurrencyAhtSec: ahts };

describe('evaluateChatConcurrency', () => {
	it('with one AHT it is Erlang A (published vector) and Erlang C without patience', () => {
		// Published Erlang A vector of issue 5; classic Erlang C example (SL 88.8 % at 14 agents)
		const a = evaluateChatConcurrency({ arrivals: 100, intervalSec: 1800, concurrencyAhtSec: [180], patienceSec: 300, agents: 14, thresholdSec: 20 });
		expect(a.pWait.toFixed(5)).toBe('0.14526');
		expect(a.pAbandon.toPrecision(5)).toBe('0.013984');
		expect(a.serviceLevel.toFixed(6)).toBe('0.916792');
		expect(a.occupancy.toFixed(6)).toBe('0.704297');
		const c = evaluateChatConcurrency({ arrivals: 100, intervalSec: 1800, concurrencyAhtSec: [180], agents: 14, thresholdSec: 20 });
		expect((100 * c.serviceLevel).toFixed(1)).toBe('88.8');
	});

	// independent computation: mpmath 50-digit stationary distribution of the balanced chain
	// (death rate r(q+1)/AHT_{q+1} + (N−r)q/AHT_q below N·m, N·m/AHT_m + kθ above, 300–2000
	// queue states) and scipy matrix exponential for P(answered within t); occupancy = E[min(j, N)]/N,
	// slot utilisation = E[chats in service]/(N·m); the same script checks Σπ_j d(j) = λ(1 − P(ab)).
	const vectors = [
		{ name: '45 agents, patience 120 s (overloaded)', agents: 45, patienceSec: 120, arrivals: 600,
			pw: 0.8125399415644334, pab: 0.1596259691982934, sl: 0.6147751557182136, occ: 1.0, slot: 0.9925693031705745 },
		{ name: '60 agents, no patience', agents: 60, patienceSec: undefined, arrivals: 600,
			pw: 0.021218133325317887, pab: 0, sl: 0.9939209030218774, occ: 0.9999999999665667, slot: 0.795525876637453 },
		{ name: '20 agents, light load, patience 60 s', agents: 20, patienceSec: 60, arrivals: 150,
			pw: 6.644214717270131e-5, pab: 1.3149653345568316e-5, sl: 0.9999828341920349, occ: 0.9913658497183586, slot: 0.4920275433897518 }
	];
	it.each(vectors)('matches the independent chain solution: $name', (v) => {
		const m = evaluateChatConcurrency({ ...chat, arrivals: v.arrivals, patienceSec: v.patienceSec, agents: v.agents, thresholdSec: 30 });
		expect(m.pWait).toBeCloseTo(v.pw, 11);
		expect(m.pAbandon).toBeCloseTo(v.pab, 11);
		expect(m.serviceLevel).toBeCloseTo(v.sl, 11);
		expect(m.occupancy).toBeCloseTo(v.occ, 11);
		expect(m.slotUtilization).toBeCloseTo(v.slot, 11);
		expect(m.averageConcurrency).toBeCloseTo((v.slot * 3) / v.occ, 10);
		expect(m.model).toBe('chat-concurrency');
	});

	it('is unstable without patience when the pool at full concurrency cannot keep up', () => {
		// capacity N·m/AHT_m = 53·3/480 = 0.33125 chats/s < λ = 600/1800 = 0.3333 (arithmetic)
		const m = evaluateChatConcurrency({ ...chat, agents: 53, thresholdSec: 30 });
		expect(m).toMatchObject({ stable: false, asaSec: null, serviceLevel: 0 });
		expect(evaluateChatConcurrency({ ...chat, agents: 54, thresholdSec: 30 }).stable).toBe(true);
	});

	it('rejects handle times that are missing or fall with concurrency', () => {
		expect(() => evaluateChatConcurrency({ ...chat, concurrencyAhtSec: [], agents: 5, thresholdSec: 30 })).toThrow(
			/concurrencyAhtSec must list 1 to 64 handle times/
		);
		expect(() => evaluateChatConcurrency({ ...chat, concurrencyAhtSec: [300, 250], agents: 5, thresholdSec: 30 })).toThrow(
			/must be non-decreasing/
		);
		expect(() => evaluateChatConcurrency({ ...chat, concurrencyAhtSec: [300, 0], agents: 5, thresholdSec: 30 })).toThrow(
			'evaluateChatConcurrency: concurrencyAhtSec[1] must be a finite number > 0, got 0'
		);
	});
});

describe('evaluateChatDivisor', () => {
	it('is Erlang C (or A) with AHT / concurrency', () => {
		// definition of the divisor model: effective AHT = 390 / 3 = 130 s
		const d = evaluateChatDivisor({ arrivals: 600, intervalSec: 1800, ahtSec: 390, concurrency: 3, agents: 50, thresholdSec: 30 });
		const c = evaluateErlangC({ arrivals: 600, intervalSec: 1800, ahtSec: 130, agents: 50, thresholdSec: 30 });
		expect(d.serviceLevel).toBe(c.serviceLevel);
		expect(d.model).toBe('chat-divisor');
		const da = evaluateChatDivisor({ arrivals: 600, intervalSec: 1800, ahtSec: 390, concurrency: 3, patienceSec: 120, agents: 40, thresholdSec: 30 });
		const a = evaluateErlangA({ arrivals: 600, intervalSec: 1800, ahtSec: 130, patienceSec: 120, agents: 40, thresholdSec: 30 });
		expect(da.pAbandon).toBe(a.pAbandon);
		expect(() => evaluateChatDivisor({ arrivals: 1, intervalSec: 1, ahtSec: 1, concurrency: 0, agents: 1, thresholdSec: 1 })).toThrow(
			'evaluateChatDivisor: concurrency must be a finite number > 0, got 0'
		);
	});
});

describe('required chat agents', () => {
	it('concurrency model: smallest N meeting the targets (checked at N and N − 1)', () => {
		// definition of "required"; targets: SL 80 % in 30 s over arrivals, P(ab) ≤ 5 %
		const traffic = { ...chat, patienceSec: 120 };
		const r = requiredAgentsChatConcurrency(traffic, { thresholdSec: 30, serviceLevelTarget: 0.8, maxAbandonFraction: 0.05, shrinkageFraction: 0.2 });
		const at = (n: number) => evaluateChatConcurrency({ ...traffic, agents: n, thresholdSec: 30 });
		expect(at(r.agents).serviceLevel).toBeGreaterThanOrEqual(0.8);
		expect(at(r.agents).pAbandon).toBeLessThanOrEqual(0.05);
		const below = at(r.agents - 1);
		expect(below.serviceLevel < 0.8 || below.pAbandon > 0.05).toBe(true);
		expect(['serviceLevel', 'abandonment']).toContain(r.bindingConstraint);
		expect(r.scheduledAgents).toBe(Math.ceil(r.agents / 0.8 - 1e-9));
		expect(r.fractionalAgents).toBeGreaterThan(r.agents - 1);
		expect(r.fractionalAgents).toBeLessThanOrEqual(r.agents);
	});

	it('without patience the answer is above the stability bound', () => {
		// stability needs N > λ·AHT_m/m = 53.33 (arithmetic), so N ≥ 54
		const r = requiredAgentsChatConcurrency(chat, { thresholdSec: 30, serviceLevelTarget: 0.5 });
		expect(r.agents).toBeGreaterThanOrEqual(54);
		expect(() => requiredAgentsChatConcurrency(chat, { thresholdSec: 30, maxAbandonFraction: 0.05 })).toThrow(
			/maxAbandonFraction needs a model with patience/
		);
	});

	it('divisor model equals Erlang C staffing at the effective AHT', () => {
		// definition of the divisor model
		const d = requiredAgentsChatDivisor({ arrivals: 600, intervalSec: 1800, ahtSec: 390, concurrency: 3 }, { thresholdSec: 30, serviceLevelTarget: 0.8 });
		const c = requiredAgentsErlangC({ arrivals: 600, intervalSec: 1800, ahtSec: 130 }, { thresholdSec: 30, serviceLevelTarget: 0.8 });
		expect(d.agents).toBe(c.agents);
		expect(d.model).toBe('chat-divisor');
	});
});
