/**
 * Opening pattern from an irregular history (forecast/volume/describeDays.ts, issue 22): rows
 * missing in a repeating pattern are missing data, while closing time — a lunch break with no row
 * on any day, a Saturday closing earlier — stays closed.
 */
import { describe, expect, it } from 'vitest';
import { dayNumber, weekdayOfDay } from '../../../forecast/calendar/localDate';
import { buildSeriesGrid } from '../../../forecast/volume/buildSeriesGrid';
import { describeDays } from '../../../forecast/volume/describeDays';
import { formatTimestamp } from '../../../forecast/volume/parseTimestamp';

/** Four weeks from Monday 2025-01-06 on a 15-minute grid; `open(weekday, slot)` decides which rows exist. */
function grid(open: (weekday: number, slot: number, rowIndex: number) => boolean) {
	const points = [];
	let i = 0;
	for (let day = dayNumber('2025-01-06'); day < dayNumber('2025-02-03'); day++) {
		for (let s = 0; s < 96; s++, i++) if (open(weekdayOfDay(day), s, i)) points.push({ timestamp: formatTimestamp(day, s * 15), count: 10 });
	}
	return describeDays(buildSeriesGrid(points));
}
const openSlots = (t: Uint8Array) => t.reduce((a, b) => a + b, 0);

describe('describeDays: gaps are not closing time', () => {
	it('every 7th row missing in a 24-hour centre: all 96 slots of every weekday are usual', () => {
		const d = grid((_w, _s, i) => (i + 1) % 7 !== 0);
		expect(d.typicalSlot.map(openSlots)).toEqual([96, 96, 96, 96, 96, 96, 96]);
	});

	it('a lunch break without rows on any day stays closed (09:00–12:00 and 13:00–18:00 open = 32 slots)', () => {
		// 09:00 = slot 36, 12:00 = 48, 13:00 = 52, 18:00 = 72: (48 − 36) + (72 − 52) = 32
		const d = grid((w, s) => w < 5 && ((s >= 36 && s < 48) || (s >= 52 && s < 72)));
		expect(openSlots(d.typicalSlot[0])).toBe(32);
		expect(d.typicalSlot[0][50]).toBe(0);
	});

	it('a Saturday closing three hours earlier keeps its shorter day (09:00–15:00 = 24 slots)', () => {
		const d = grid((w, s) => w < 6 && s >= 36 && s < (w === 5 ? 60 : 72));
		expect(openSlots(d.typicalSlot[0])).toBe(36);
		expect(openSlots(d.typicalSlot[5])).toBe(24);
		expect(d.openWeekday).toEqual([true, true, true, true, true, true, false]);
	});
});
