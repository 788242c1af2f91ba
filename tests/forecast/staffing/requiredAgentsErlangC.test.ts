import { describe, expect, it } from 'vitest';
import { requiredAgentsErlangC, scheduledAgents, scheduledFractionalAgents } from '../../../forecast/staffing/index';

const classic = { arrivals: 100, intervalSec: 1800, ahtSec: 180 };

describe('requiredAgentsErlangC', () => {
	it('classic example: 14 agents, 20 after 30 % shrinkage, SL binds', () => {
		// Published: Call Centre Helper worked example and pyworkforce README (raw_positions 14,
		// positions 20 with shrinkage 0.3).
		const r = requiredAgentsErlangC(classic, { thresholdSec: 20, serviceLevelTarget: 0.8, shrinkageFraction: 0.3 });
		expect(r.agents).toBe(14);
		expect(r.scheduledAgents).toBe(20);
		expect(r.bindingConstraint).toBe('serviceLevel');
		expect(r.model).toBe('erlang-c');
		// Fractional: linear interpolation of SL between 13 and 14 agents, with SL(13), SL(14) from
		// the independent mpmath computation (0.7955947884177831, 0.8883500191794669).
		const f = 13 + (0.8 - 0.7955947884177831) / (0.8883500191794669 - 0.7955947884177831);
		expect(r.fractionalAgents).toBeCloseTo(f, 12);
		expect(r.scheduledFractionalAgents).toBeCloseTo(f / 0.7, 12);
	});

	it('1 000 calls/hour, AHT 120 s, 80/20, max occupancy 85 %, 30 % shrinkage → 40 / 58, SL 93.72 %', () => {
		// Published vector quoted in issue 5; occupancy binds (A/39 = 0.8547 > 0.85, SL alone needs
		// 38: mpmath SL(37) = 0.7656, SL(38) = 0.8468).
		const r = requiredAgentsErlangC(
			{ arrivals: 1000, intervalSec: 3600, ahtSec: 120 },
			{ thresholdSec: 20, serviceLevelTarget: 0.8, maxOccupancy: 0.85, shrinkageFraction: 0.3 }
		);
		expect(r.agents).toBe(40);
		expect(r.scheduledAgents).toBe(58);
		expect((100 * r.serviceLevel).toFixed(2)).toBe('93.72');
		expect(r.bindingConstraint).toBe('occupancy');
		// Fractional by hand: 39 + (A/39 − 0.85)/(A/39 − A/40) with A = 100/3 → 39.22 exactly.
		expect(r.fractionalAgents).toBeCloseTo(39.22, 12);
		const slOnly = requiredAgentsErlangC(
			{ arrivals: 1000, intervalSec: 3600, ahtSec: 120 },
			{ thresholdSec: 20, serviceLevelTarget: 0.8 }
		);
		expect(slOnly.agents).toBe(38); // mpmath SL(37) < 0.8 ≤ SL(38)
	});

	it('an ASA target binds when it is the strictest', () => {
		// independent computation (mpmath): ASA(12) = 40.44 s, ASA(13) = 17.12 s, ASA(14) = 7.84 s
		expect(requiredAgentsErlangC(classic, { thresholdSec: 20, maxAsaSec: 20 })).toMatchObject({
			agents: 13,
			bindingConstraint: 'asa'
		});
		expect(requiredAgentsErlangC(classic, { thresholdSec: 20, maxAsaSec: 10, serviceLevelTarget: 0.5 })).toMatchObject({
			agents: 14,
			bindingConstraint: 'asa'
		});
	});

	it('interpolates ASA speed from the stability boundary when N − 1 is unstable', () => {
		// Documented rule: f = N − 1 + ASA(N)/target; ASA(11) = 122.78127684407983 s (mpmath).
		const r = requiredAgentsErlangC(classic, { thresholdSec: 20, maxAsaSec: 1000 });
		expect(r.agents).toBe(11);
		expect(r.fractionalAgents).toBeCloseTo(10 + 122.78127684407983 / 1000, 10);
	});

	it('needs 5 013 agents for 5 000 Erlangs at 80/20', () => {
		// independent computation: mpmath search over N with log-space Erlang B → 5013
		const r = requiredAgentsErlangC({ arrivals: 50000, intervalSec: 1800, ahtSec: 180 }, { thresholdSec: 20, serviceLevelTarget: 0.8 });
		expect(r.agents).toBe(5013);
		expect(r.offeredLoadErlangs).toBe(5000);
	});

	it('handles empty intervals and a floor', () => {
		// definition: no contacts → no agents unless a floor is set
		expect(requiredAgentsErlangC({ ...classic, arrivals: 0 }, { thresholdSec: 20, serviceLevelTarget: 0.8 })).toMatchObject({
			agents: 0,
			scheduledAgents: 0,
			bindingConstraint: 'none'
		});
		expect(
			requiredAgentsErlangC({ ...classic, arrivals: 0 }, { thresholdSec: 20, serviceLevelTarget: 0.8, minAgents: 2 })
		).toMatchObject({ agents: 2, bindingConstraint: 'minAgents' });
		expect(requiredAgentsErlangC(classic, { thresholdSec: 20, serviceLevelTarget: 0.8, minAgents: 16 })).toMatchObject({
			agents: 16,
			bindingConstraint: 'minAgents'
		});
	});

	it('rejects impossible or missing targets', () => {
		expect(() => requiredAgentsErlangC(classic, { thresholdSec: 20 })).toThrow(/give at least one target/);
		expect(() => requiredAgentsErlangC(classic, { thresholdSec: 20, serviceLevelTarget: 80 })).toThrow(
			'requiredAgentsErlangC: serviceLevelTarget must be a fraction strictly between 0 and 1, got 80'
		);
		expect(() => requiredAgentsErlangC(classic, { thresholdSec: 20, maxAbandonFraction: 0.05 })).toThrow(
			/maxAbandonFraction needs a model with patience/
		);
		expect(() => requiredAgentsErlangC(classic, { thresholdSec: 20, maxOccupancy: 0.8, shrinkageFraction: 1 })).toThrow(
			/shrinkageFraction must be a fraction in \[0, 1\)/
		);
	});
});

describe('scheduledAgents', () => {
	it('grosses up for shrinkage without floating-point extra agents', () => {
		// arithmetic: 14 / 0.7 = 20 exactly (floating point gives 20.000000000000004); 40 / 0.7 = 57.14 → 58
		expect(scheduledAgents(14, 0.3)).toBe(20);
		expect(scheduledAgents(40, 0.3)).toBe(58);
		expect(scheduledAgents(0, 0.3)).toBe(0);
		expect(scheduledAgents(10, 0)).toBe(10);
		expect(scheduledFractionalAgents(13.5, 0.25)).toBe(18);
		expect(() => scheduledAgents(10, -0.1)).toThrow('scheduledAgents: shrinkageFraction must be a fraction in [0, 1), got -0.1');
	});
});
