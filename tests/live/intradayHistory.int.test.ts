import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { intradayActualVsTypical } from '../../src/lib/server/queries/live/intradayActualVsTypical';
import { dayWindows, shapeIntradayHistory } from '../../src/lib/server/live/intradayHistory';
import { openMigratedEngine, tempDir } from '../helpers/engine';

// The board's intraday history query (issue 18) on the real engine: rows written to contact_minute
// (as the backfill writes them) come back per 15-minute interval and only for the days asked for.
const Z = 'Asia/Shanghai';
const NOW = DateTime.fromISO('2026-11-23T10:07:00', { zone: Z }).toMillis(); // Monday
const dir = tempDir('csops-intraday-hist-');
let client: ClickHouseClient;
const utc = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toUTC().toFormat('yyyy-MM-dd HH:mm:ss');

beforeAll(async () => {
	client = await openMigratedEngine(dir.path);
	const rows = [
		// today 09:00 and 09:05 (both interval 36), 10:00 (interval 40)
		['2026-11-23T09:00', 'chat', 10],
		['2026-11-23T09:05', 'chat', 5],
		['2026-11-23T10:00', 'chat', 4],
		// last Monday 09:10 (interval 36) and two Mondays back 09:00
		['2026-11-16T09:10', 'chat', 20],
		['2026-11-09T09:00', 'chat', 40],
		// Sunday: not asked for
		['2026-11-22T09:00', 'chat', 999]
	] as const;
	await client.insert({
		table: 'contact_minute',
		values: rows.map(([t, channel, offered]) => ({ minute: utc(t), channel, queue: 'presale', origin: 'backfill', offered })),
		format: 'JSONEachRow'
	});
});

afterAll(async () => {
	await client?.close();
	dir.cleanup();
});

describe('intradayActualVsTypical', () => {
	it('returns the asked days per 15 minutes, and the board shapes today vs typical from them', async () => {
		const { today, weeks } = dayWindows(Z, NOW);
		const rows = await intradayActualVsTypical(client, { days: [today, ...weeks] });
		// 4 intervals with data on asked days: today 09:00 (10 + 5), today 10:00, 11-16 09:00, 11-09 09:00; Sunday excluded
		expect(rows.map((r) => r.offered).sort((a, b) => a - b)).toEqual([4, 15, 20, 40]);
		const h = shapeIntradayHistory(rows, ['chat'], Z, NOW);
		expect(h.channels.chat.actual[36]).toBe(15);
		expect(h.channels.chat.actual[40]).toBe(4);
		// typical 09:00 = (20 + 40) / 2 weeks with data = 30
		expect(h.channels.chat.typical[36]).toBe(30);
	});
});
