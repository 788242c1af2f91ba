import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { HistoryImporter } from '../../src/lib/server/history/importer';
import { kpiReport, type ReportRequest } from '../../src/lib/server/reports/kpis';
import { openMigratedEngine, tempDir } from '../helpers/engine';
import { FIXTURE } from './fixture';

/**
 * Imported interval history in the reports (docs/metrics.md "Imported history"): the hand-computed
 * fixture's events (tests/reports/fixture.ts, C1–C9) plus a small file imported through the real
 * importer (issue 16). Expected numbers: the fixture's own figures (kpis.int.test.ts) plus the file's
 * rows, worked out in the comments. Channels use the defaults: chat and phone SL = answered within T ÷
 * (answered + abandoned after T) — the file does not split abandons by T, so all of them count as late.
 */
const FILE = [
	'interval_start,interval_min,channel,queue,offered,answered,abandoned,answered_within_target,aht_sec,avg_wait_sec,csat_avg',
	// H1: a day without events → counts
	'2026-11-09 10:00,15,chat,presale,10,8,2,6,300,20,4.5',
	// H2: the same interval as C1's arrival (11-10 10:00 chat/presale) → the events win, H2 is left out
	'2026-11-10 10:00,15,chat,presale,50,50,0,50,100,5,',
	// H3: the next interval, no event arrived in it → counts
	'2026-11-10 10:15,15,chat,presale,4,4,0,4,200,10,',
	// H4: phone/insale, no AHT and no wait in the file → counts for volume and SL only
	'2026-11-10 16:00,15,phone,insale,6,5,1,3,,,'
].join('\n');

const dir = tempDir('csops-reports-history-');
let client: ClickHouseClient;
const ctx = { timezone: 'Asia/Shanghai', channels: DEFAULT_CHANNELS, reports: { fcrWindowDays: 7, complaintRepeatDays: 7, complaintQueues: ['complaint'] } };
const req = (r: Partial<ReportRequest>): ReportRequest => ({ from: '2026-11-09', to: '2026-11-11', by: 'day', dims: [], filters: {}, ...r });

async function importFile(importer: HistoryImporter) {
	const r = await importer.import(
		(async function* () {
			yield Buffer.from(FILE);
		})(),
		{
			fileName: 'acd-export.csv',
			format: 'csv',
			encoding: 'utf8',
			bytesTotal: null,
			rowsTotal: null,
			importedBy: 'test',
			options: { zone: 'Asia/Shanghai', channels: DEFAULT_CHANNELS, queues: DEFAULT_QUEUES, map: {}, columns: {}, defaults: {}, nowMs: Date.parse('2026-12-01T00:00:00+08:00') }
		}
	);
	expect(r.ok, JSON.stringify(r)).toBe(true);
}

beforeAll(async () => {
	client = await openMigratedEngine(dir.path);
	await client.insert({ table: 'contact_events', values: FIXTURE, format: 'JSONEachRow' });
	const importer = new HistoryImporter(client);
	await importFile(importer);
	// imported twice: a re-import replaces its intervals (decision 0013), it does not add to them
	await importFile(importer);
});
afterAll(async () => {
	await client?.close();
	dir.cleanup();
});

describe('reports with imported history', () => {
	it('by day: imported intervals add to the events where no event covers them', async () => {
		const rows = await kpiReport(client, req({}), ctx);
		expect(rows.map((r) => r.period)).toEqual(['2026-11-09', '2026-11-10', '2026-11-11']);
		// 11-09: H1 alone
		expect(rows[0]).toEqual({
			period: '2026-11-09',
			offered: 10,
			answered: 8,
			abandoned: 2,
			serviceLevelPct: 60, // 6 / (8 + 2)
			immediateResponsePct: null, // needs contact events
			avgFirstResponseSec: 20,
			p90FirstResponseSec: null, // needs contact events
			ahtSec: 300,
			abandonRatePct: 20, // 2 / 10
			resolved: 0,
			fcrPct: null,
			complaintRepeatPct: null,
			csatAvg: null, // the file's csat_avg has no count to weigh it with: not used
			csatCount: 0,
			npsScore: null,
			npsCount: 0
		});
		// 11-10: the fixture's day (kpis.int.test.ts) + H3 + H4; H2 left out (C1 arrived in its interval)
		expect(rows[1]).toEqual({
			period: '2026-11-10',
			offered: 17, // 7 + 4 + 6
			answered: 13, // 4 + 4 + 5
			abandoned: 3, // 2 + 0 + 1
			// events 2 / 5; H3 4 / (4 + 0); H4 3 / (5 + 1) → 9 / 15
			serviceLevelPct: 60,
			immediateResponsePct: 57.14, // the events' own (4 / 7)
			// events 165 s over 4 answers; H3 10 s × 4 = 40 s over 4; H4 has no wait → 205 / 8 = 25.625
			avgFirstResponseSec: 25.6,
			p90FirstResponseSec: 90, // the events' own
			// events 2700 s over 4; H3 200 s × 4 = 800 s over 4 → 3500 / 8
			ahtSec: 437.5,
			abandonRatePct: 17.65, // 3 / 17 = 17.647…
			resolved: 4,
			fcrPct: 75,
			complaintRepeatPct: 100,
			csatAvg: 3.5,
			csatCount: 4,
			npsScore: 25,
			npsCount: 4
		});
		// 11-11: no imported row → exactly the fixture's day
		expect(rows[2]).toMatchObject({ period: '2026-11-11', offered: 2, answered: 3, abandoned: 0, serviceLevelPct: 100, avgFirstResponseSec: 2411.7, ahtSec: 900 });
	});

	it('by channel × queue: history lands in its own channel and queue', async () => {
		const rows = await kpiReport(client, req({ by: 'total', dims: ['channel', 'queue'] }), ctx);
		const pick = (ch: string, q: string) => rows.find((r) => r.channel === ch && r.queue === q);
		// chat/presale: events C1–C5 arrived (5), answered C1 C2 C3 (3); H1 10 / 8, H3 4 / 4 → 19 / 15
		expect([pick('chat', 'presale')?.offered, pick('chat', 'presale')?.answered]).toEqual([19, 15]);
		// phone/insale: only H4
		expect([pick('phone', 'insale')?.offered, pick('phone', 'insale')?.serviceLevelPct]).toEqual([6, 50]); // 3 / (5 + 1)
		// everything: 9 events' arrivals + H1 10 + H3 4 + H4 6 = 29 (H2 once, as the event C1)
		expect(rows.reduce((a, r) => a + r.offered, 0)).toBe(29);
	});

	it('by agent: history has no people, the report is the events alone', async () => {
		const rows = await kpiReport(client, req({ by: 'total', dims: ['agent'] }), ctx);
		expect(rows.reduce((a, r) => a + r.offered, 0)).toBe(9); // C1–C9
	});

	it('by hour: an imported 15-minute interval lands in its local hour', async () => {
		const rows = await kpiReport(client, req({ from: '2026-11-10', to: '2026-11-10', by: 'hour', dims: ['channel'], filters: { channel: ['phone'] } }), ctx);
		expect(rows.map((r) => [r.period, r.channel, r.offered])).toEqual([['2026-11-10 16:00', 'phone', 6]]);
	});
});
