import { describe, expect, it } from 'vitest';
import { agentConcurrency, agentName, agentTeam, loginsThisStep, smoothToward, spellPulls } from '../../src/lib/server/simulator/roster';

describe('roster: who the agents are', () => {
	it('names pool slot n of channel i by formula, the same in every run', () => {
		// hand: k = n + 157·i; surname SURNAMES[7k mod 30], given name GIVEN[(13k + ⌊k/41⌋) mod 41]
		// chat (i = 0), n = 1: k = 1 → SURNAMES[7] = 黄, GIVEN[13] = 超
		expect(agentName(0, 1)).toBe('黄超');
		// phone (i = 1), n = 1: k = 158 → 1106 mod 30 = 26 → 冯; (2054 + 3) mod 41 = 7 → 艳
		expect(agentName(1, 1)).toBe('冯艳');
	});

	it('gives the first 400 agents of a desk 400 different names (the board shows names, not ids)', () => {
		for (let ch = 0; ch < 4; ch++) {
			const names = Array.from({ length: 400 }, (_, i) => agentName(ch, i + 1));
			expect(new Set(names).size, `channel ${ch}`).toBe(400);
		}
	});

	it('puts 15 agents in a team, named by desk', () => {
		// hand: team = ⌈n / 15⌉
		expect(agentTeam('chat', 1)).toEqual({ no: 1, name: '在线1组' });
		expect(agentTeam('chat', 15)).toEqual({ no: 1, name: '在线1组' });
		expect(agentTeam('chat', 16)).toEqual({ no: 2, name: '在线2组' });
		expect(agentTeam('ticket', 31)).toEqual({ no: 3, name: '工单3组' });
	});

	it('gives chat agents 2–4 chats at once by slot and seed, everyone else one', () => {
		// hand: CHAT_CONCURRENCY_CHOICES = [2, 3, 3, 4] at index (seed + 7919·n) mod 4;
		// seed 20261111, n = 1: 20 269 030 mod 4 = 2 → 3; n = 2: 20 276 949 mod 4 = 1 → 3; n = 3: 20 284 868 mod 4 = 0 → 2
		expect([1, 2, 3].map((n) => agentConcurrency('chat', 20261111, n))).toEqual([3, 3, 2]);
		// seed 1, n = 1: 7920 mod 4 = 0 → 2; n = 2: 15 839 mod 4 = 3 → 4
		expect([1, 2].map((n) => agentConcurrency('chat', 1, n))).toEqual([2, 4]);
		expect(agentConcurrency('phone', 20261111, 1)).toBe(1);
		expect(agentConcurrency('email', 20261111, 2)).toBe(1);
	});
});

describe('roster: how many are on duty', () => {
	it('smooths a rate exponentially: one time constant covers 1 − 1/e of the gap', () => {
		// hand: 0 + (10 − 0)·(1 − e^{−1}) = 10 · 0.6321205588285577 = 6.321205588285577
		expect(smoothToward(0, 10, 60_000, 60_000)).toBeCloseTo(6.321205588285577, 12);
		// a step of 0 changes nothing; a long step reaches the input
		expect(smoothToward(4, 10, 0, 60_000)).toBe(4);
		expect(smoothToward(4, 10, 60_000 * 50, 60_000)).toBeCloseTo(10, 12);
		// toward a lower input: 8 + (2 − 8)·(1 − e^{−0.5}) = 8 − 6 · 0.3934693402873666 = 5.6391839582758
		expect(smoothToward(8, 2, 30_000, 60_000)).toBeCloseTo(5.6391839582758, 12);
	});

	it('logs in at most the login ramp per 15-s step, at least one, and the whole floor at the first step', () => {
		// chat: 12 000 a day, mean concurrency 3: 2 × (12 000 / 86 400 /s) × 15 s / 3 = 1.389 → ⌈⌉ = 2 agents a step
		expect(loginsThisStep(10, false, 12_000, 1, 3)).toBe(2);
		expect(loginsThisStep(1, false, 12_000, 1, 3)).toBe(1);
		expect(loginsThisStep(10, true, 12_000, 1, 3)).toBe(10);
		// phone: 2 400 a day, one at a time: 2 × 2 400 / 86 400 × 15 = 0.833 → at least 1
		expect(loginsThisStep(10, false, 2_400, 1, 1)).toBe(1);
		// volume × 20: 2 × 240 000 / 86 400 × 15 / 3 = 27.78 → 28
		expect(loginsThisStep(100, false, 12_000, 20, 3)).toBe(28);
	});
});

describe('roster: short-staffed spells', () => {
	const floor = [{ maxConc: 2 }, { maxConc: 3 }, { maxConc: 4 }, { maxConc: 2 }]; // 11 slots

	it('pulls a run of agents from the drawn one while those left keep keep × the work', () => {
		// hand: need 10 slots, keep 0.7 → keep 7. From index 1: 11 − 3 = 8 ≥ 7 → pull (8 left);
		// index 2: 8 − 4 = 4 < 7 → stop.
		expect(spellPulls(floor, 1, 10, 0.7)).toEqual([floor[1]]);
		// need 4, keep 0.8 → 3.2. From index 3: 11 − 2 = 9, pull; index 0: 9 − 2 = 7, pull; index 1:
		// 7 − 3 = 4, pull; index 2: 4 − 4 = 0 < 3.2 → stop. The run wraps around the floor.
		expect(spellPulls(floor, 3, 4, 0.8)).toEqual([floor[3], floor[0], floor[1]]);
	});

	it('pulls nobody when the floor is already below keep × the work, and everyone when there is no work', () => {
		// hand: need 20, keep 0.65 → 13 > 11 slots: the first candidate already fails
		expect(spellPulls(floor, 0, 20, 0.65)).toEqual([]);
		// no work: 0 slots are enough, every agent finishes up and goes on break
		expect(spellPulls(floor, 2, 0, 0.8)).toHaveLength(4);
	});
});
