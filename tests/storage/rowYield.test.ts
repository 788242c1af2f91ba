import { describe, expect, it } from 'vitest';
import { RowYield } from '../../src/lib/server/queries/stream';

describe('row streams give the event loop a turn (issue 24: 503 "starting" answered during a long replay)', () => {
	it('a callback queued before a long row loop runs before the loop ends', async () => {
		// 8 × 1024 rows, each block busy for ≈ 20 ms: 160 ms of rows, past the 50 ms slice at least twice
		let ranAt = -1;
		setImmediate(() => (ranAt = n));
		const slice = new RowYield();
		let n = 0;
		while (n < 8 * RowYield.ROWS) {
			n++;
			if (n % RowYield.ROWS === 0) {
				const until = performance.now() + 20;
				while (performance.now() < until) {
					/* a block of rows being applied */
				}
			}
			const y = slice.maybe(n);
			if (y) await y;
		}
		expect(ranAt).toBeGreaterThan(0);
		expect(ranAt).toBeLessThan(8 * RowYield.ROWS);
	});

	it('reads the clock only every 1 024 rows and yields only once 50 ms of rows have passed', async () => {
		const slice = new RowYield();
		const at: number[] = [];
		for (let n = 1; n <= 20 * RowYield.ROWS; n++) {
			const y = slice.maybe(n);
			if (y) {
				at.push(n);
				await y;
			}
		}
		// cheap rows: a yield only where the 50 ms slice ran out, never between two checks
		expect(at.every((n) => n % RowYield.ROWS === 0)).toBe(true);
		const busy = new RowYield();
		const until = performance.now() + 60;
		while (performance.now() < until) {
			/* 60 ms of rows */
		}
		expect(busy.maybe(RowYield.ROWS - 1)).toBeNull(); // not a check row
		const y = busy.maybe(RowYield.ROWS);
		expect(y).toBeInstanceOf(Promise);
		await y;
		expect(busy.maybe(2 * RowYield.ROWS)).toBeNull(); // the slice restarted after the yield
	});
});
