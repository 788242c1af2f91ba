import { describe, expect, it } from 'vitest';
import { abandonColour, slColour, waitColour, worst } from '../../src/lib/wallboard/colours';

const t = { slAmberBelowTargetPts: 0, slRedBelowTargetPts: 10, abandonAmberPct: 5, abandonRedPct: 10, rotateSec: 0 };

describe('wall-board colours', () => {
	it('grades service level against the target (80 %: amber below 80, red below 70)', () => {
		expect(slColour(80, 80, t)).toBe('green');
		expect(slColour(79.9, 80, t)).toBe('amber');
		expect(slColour(70, 80, t)).toBe('amber');
		expect(slColour(69.9, 80, t)).toBe('red');
		expect(slColour(null, 80, t)).toBe('none');
	});
	it('grades the longest wait by the channel L1/L2 times (phone 20/60 s)', () => {
		const phone = { l1Sec: 20, l2Sec: 60 };
		expect(waitColour(19_999, phone)).toBe('green');
		expect(waitColour(20_000, phone)).toBe('amber');
		expect(waitColour(60_000, phone)).toBe('red');
	});
	it('grades abandon rate and takes the worst', () => {
		expect(abandonColour(5, t)).toBe('green');
		expect(abandonColour(5.1, t)).toBe('amber');
		expect(abandonColour(10.1, t)).toBe('red');
		expect(worst('green', 'none', 'amber')).toBe('amber');
		expect(worst('none')).toBe('none');
	});
});
