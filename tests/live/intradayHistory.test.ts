import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { dayWindows, shapeIntradayHistory } from '../../src/lib/server/live/intradayHistory';

// The board's intraday chart history (issue 18): today's stored actual and the typical shape = mean of
// the same weekday over the last 4 weeks that have data. Expected values computed by hand below.
const Z = 'Asia/Shanghai';
const NOW = DateTime.fromISO('2026-11-23T10:07:00', { zone: Z }).toMillis(); // a Monday, interval 40 (10:00–10:15)
const sec = (iso: string) => Math.floor(DateTime.fromISO(iso, { zone: Z }).toSeconds());

describe('shapeIntradayHistory', () => {
	it('covers the whole day, sums today per interval and averages the weeks that have data', () => {
		const rows = [
			// today: 09:00 (interval 36) twice (two queues' minutes), 10:00 (interval 40)
			{ channel: 'chat', t: sec('2026-11-23T09:00'), offered: 30 },
			{ channel: 'chat', t: sec('2026-11-23T09:00'), offered: 12 },
			{ channel: 'chat', t: sec('2026-11-23T10:00'), offered: 7 },
			// previous Mondays at 09:00: 16, 9 and 2 weeks back (3 weeks with data): 40, 50, 60
			{ channel: 'chat', t: sec('2026-11-16T09:00'), offered: 40 },
			{ channel: 'chat', t: sec('2026-11-09T09:00'), offered: 50 },
			{ channel: 'chat', t: sec('2026-11-02T09:00'), offered: 60 },
			// a Sunday is not a Monday: ignored
			{ channel: 'chat', t: sec('2026-11-22T09:00'), offered: 999 },
			// an unknown channel: ignored
			{ channel: 'fax', t: sec('2026-11-23T09:00'), offered: 5 }
		];
		const h = shapeIntradayHistory(rows, ['chat', 'phone'], Z, NOW);
		expect(h.startsMs).toHaveLength(96); // 24 h × 4
		expect(h.startsMs[0]).toBe(DateTime.fromISO('2026-11-23T00:00', { zone: Z }).toMillis());
		const chat = h.channels.chat;
		expect(chat.actual[36]).toBe(42); // 30 + 12
		expect(chat.actual[40]).toBe(7);
		expect(chat.actual[39]).toBe(0); // before now, nothing stored: 0
		expect(chat.actual[41]).toBeNull(); // after now: not yet
		expect(chat.typicalWeeks).toBe(3);
		expect(chat.typical[36]).toBeCloseTo(50, 10); // (40 + 50 + 60) / 3
		expect(chat.typical[37]).toBe(0); // the weeks with data had nothing then
		expect(h.channels.phone.typical[36]).toBeNull(); // no history at all: no typical line
	});

	it('asks for today and the same weekday of the 4 weeks before', () => {
		const { today, weeks } = dayWindows(Z, NOW);
		expect(today).toEqual([sec('2026-11-23T00:00'), sec('2026-11-24T00:00')]);
		expect(weeks.map((w) => w[0])).toEqual([sec('2026-11-16T00:00'), sec('2026-11-09T00:00'), sec('2026-11-02T00:00'), sec('2026-10-26T00:00')]);
	});
});
