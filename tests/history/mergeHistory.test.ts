import { describe, expect, it } from 'vitest';
import { mergeHistory } from '../../src/lib/server/planning/history';

const T0 = Date.UTC(2025, 0, 5, 16, 0) / 1000; // 2025-01-06 00:00 in Asia/Shanghai (a Monday)
const DAY = 86400;

describe('planning history from live and imported rows', () => {
	it('sums fine rows per plan interval and spreads a daily row by the shape of the finer days', () => {
		// Monday: 15-minute data, 30 at 09:00 and 10 at 09:15 (nothing else) → shape 3/4, 1/4
		const fine = [
			{ t: T0 + 9 * 3600, min: 15, offered: 30 },
			{ t: T0 + 9 * 3600 + 900, min: 15, offered: 10 }
		];
		// the next Monday only as a daily total: 200 → 150 at 09:00 and 50 at 09:15 (all-day shape, Monday's)
		const daily = [{ t: T0 + 7 * DAY, min: 1440, offered: 200 }];
		const out = mergeHistory([], [...fine, ...daily], 15, 'Asia/Shanghai');
		const at = (t: number) => out.find((r) => r.t === t)?.offered ?? 0;
		expect(at(T0 + 7 * DAY + 9 * 3600)).toBeCloseTo(150, 9);
		expect(at(T0 + 7 * DAY + 9 * 3600 + 900)).toBeCloseTo(50, 9);
		expect(out.filter((r) => r.t >= T0 + 7 * DAY).reduce((a, r) => a + r.offered, 0)).toBeCloseTo(200, 9); // the daily total is kept
	});

	it('spreads evenly when there is no finer data at all, and adds live rows', () => {
		const out = mergeHistory([{ t: T0, offered: 5 }], [{ t: T0 + 3600, min: 60, offered: 8 }], 30, 'Asia/Shanghai');
		// the live row gives a shape (only 00:00 has volume) that has no weight at 01:00–02:00: even split, 4 + 4
		expect(out).toEqual([
			{ t: T0, offered: 5 },
			{ t: T0 + 3600, offered: 4 },
			{ t: T0 + 5400, offered: 4 }
		]);
	});
});
