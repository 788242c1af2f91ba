import { describe, expect, it } from 'vitest';
import { drawOutcome, freshShare, ratingDistribution, transferQueue } from '../../src/lib/server/simulator/contactLifecycle';
import { CSAT_DIST, QUEUE_PARAMS } from '../../src/lib/server/simulator/params';

describe('contact lifecycle: how a contact ends', () => {
	it('splits one draw into reopen / repeat / resolved at first contact by the queue parameters', () => {
		// presale: fcr 0.88, reopenProb 0.4 × 0.12 = 0.048 → reopen below 0.048, repeat below 1 − 0.88 = 0.12
		const presale = QUEUE_PARAMS.presale;
		expect(drawOutcome(0, presale)).toBe('reopen');
		expect(drawOutcome(0.047, presale)).toBe('reopen');
		expect(drawOutcome(0.048, presale)).toBe('repeat');
		expect(drawOutcome(0.119, presale)).toBe('repeat');
		expect(drawOutcome(0.12, presale)).toBe('fcr');
		expect(drawOutcome(0.999, presale)).toBe('fcr');
		// complaint: fcr 0.55, reopen 0.12 → repeat in [0.12, 0.45)
		expect(drawOutcome(0.3, QUEUE_PARAMS.complaint)).toBe('repeat');
		expect(drawOutcome(0.46, QUEUE_PARAMS.complaint)).toBe('fcr');
	});

	it('thins fresh arrivals by the repeat share so that offered volume matches the model', () => {
		// hand: repeats are the unresolved share that is not a reopen. presale: 1 − 0.88 − 0.048 = 0.072,
		// fresh 0.928; complaint: 1 − 0.55 − 0.12 = 0.33, fresh 0.67
		expect(freshShare(QUEUE_PARAMS.presale)).toBeCloseTo(0.928, 12);
		expect(freshShare(QUEUE_PARAMS.complaint)).toBeCloseTo(0.67, 12);
	});

	it('rates from the unresolved, slow or good CSAT distribution', () => {
		expect(ratingDistribution('reopen', 0, 60_000)).toBe(CSAT_DIST.unresolved);
		expect(ratingDistribution('repeat', 0, 60_000)).toBe(CSAT_DIST.unresolved);
		// slow means a first wait above the limit, not at it
		expect(ratingDistribution('fcr', 60_001, 60_000)).toBe(CSAT_DIST.slow);
		expect(ratingDistribution('fcr', 60_000, 60_000)).toBe(CSAT_DIST.good);
		expect(ratingDistribution('fcr', null, 60_000)).toBe(CSAT_DIST.good);
	});

	it('transfers to the queue its archetype names, else to the next queue', () => {
		const all = ['presale', 'insale', 'aftersale', 'complaint'] as const;
		// params: presale → insale, insale → aftersale, aftersale → complaint, complaint → aftersale
		expect([0, 1, 2, 3].map((q) => transferQueue(all, q))).toEqual([1, 2, 3, 2]);
		// without the target queue configured: the next one, wrapping around
		const two = ['presale', 'aftersale'] as const;
		expect(transferQueue(two, 0)).toBe(1); // insale missing → (0 + 1) mod 2
		expect(transferQueue(two, 1)).toBe(0); // complaint missing → (1 + 1) mod 2
	});
});
