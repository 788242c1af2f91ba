import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config/config';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import { importOldEvents } from '../../src/lib/server/history/events';
import { SeenIds } from '../../src/lib/server/ingest/dedup';
import { kpiReport, type ReportRequest } from '../../src/lib/server/reports/kpis';
import { outcomeBases } from '../../src/lib/server/reports/outcomes';
import { settleOutcomeDays } from '../../src/lib/server/reports/settle';
import { openMigratedEngine, tempDir } from '../helpers/engine';
import { FIXTURE } from './fixture';

/**
 * Settled FCR / 投诉二次率 days (decision 0085) on the hand-computed fixture (tests/reports/fixture.ts):
 * when days settle, what they hold, that reports read them and give the live path's rows, and what an
 * import of an old reopen does to a settled day. The tests run in order on one engine.
 */
const dir = tempDir('csops-outcomes-');
let client: ClickHouseClient;
const TZ = 'Asia/Shanghai';
const reports = { fcrWindowDays: 7, complaintRepeatDays: 7, complaintQueues: ['complaint'] };
const ctx = { timezone: TZ, channels: DEFAULT_CHANNELS, reports };
const [FCR, COMPLAINT] = outcomeBases(reports, TZ).map((b) => b.basis);
const at = (iso: string) => Date.parse(`${iso}+08:00`);
const settleAt = (iso: string) => settleOutcomeDays({ client, timezone: TZ, reports, maxLatenessSec: 86_400, now: () => at(iso) });
const req = (r: Partial<ReportRequest>): ReportRequest => ({ from: '2026-11-10', to: '2026-11-11', by: 'day', dims: [], filters: {}, ...r });

async function stored(basis: string, day: string): Promise<{ agent: string; n: number; m: number; runs: number }[]> {
	const rs = await client.query({
		query: `SELECT agent_id AS agent, sum(n) AS n, sum(m) AS m, uniqExact(run) AS runs FROM report_outcome_day
		        WHERE basis = {basis: String} AND day = {day: Date} GROUP BY agent ORDER BY agent`,
		query_params: { basis, day },
		format: 'JSONEachRow'
	});
	return ((await rs.json()) as Record<string, string>[]).map((r) => ({ agent: r.agent, n: Number(r.n), m: Number(r.m), runs: Number(r.runs) }));
}

/** Every combination the page asks for: the settled path (default) against all-live. */
const ALL_DIMS: ReportRequest['dims'][] = [[], ['agent'], ['team'], ['channel', 'queue'], ['category'], ['tier']];
async function expectSameAsLive(from: string, to: string, dimsList = ALL_DIMS) {
	for (const dims of dimsList) {
		for (const by of ['day', 'week', 'month', 'total'] as const) {
			const settled = await kpiReport(client, req({ from, to, by, dims }), ctx);
			const live = await kpiReport(client, req({ from, to, by, dims }), { ...ctx, settled: false });
			expect(settled).toEqual(live);
		}
	}
}

beforeAll(async () => {
	client = await openMigratedEngine(dir.path);
	await client.insert({ table: 'contact_events', values: FIXTURE, format: 'JSONEachRow' });
});
afterAll(async () => {
	await client?.close();
	dir.cleanup();
});

describe('settled FCR / 投诉二次率 days on the fixture', () => {
	it('a day settles only once its window and the lateness limit have passed', async () => {
		// 11-10 ends 11-11 00:00 (+08:00); + 7 days window + 24 h lateness = 11-19 00:00. One second before: nothing.
		expect((await settleAt('2026-11-18T23:59:59')).settled).toEqual({ [FCR]: 0, [COMPLAINT]: 0 });
		// at 11-19 00:00 exactly 11-10 settles (both kinds), 11-11 not yet
		expect((await settleAt('2026-11-19T00:00:00')).settled).toEqual({ [FCR]: 1, [COMPLAINT]: 1 });
		// what 11-10 holds, by the resolution's agent (hand count, fixture.ts): a1 resolved C1 C2, C2 reopened
		// after 5 days → n 1 of m 2; a2 resolved C3 C6, C3's reopen after 8 days is outside → 0 of 2
		expect(await stored(FCR, '2026-11-10')).toEqual([
			{ agent: 'a1', n: 1, m: 2, runs: 1 },
			{ agent: 'a2', n: 0, m: 2, runs: 1 }
		]);
		// complaint arrivals of 11-10: C6 (no agent on an arrival), repeated by C7 of the same customer → 1 of 1
		expect(await stored(COMPLAINT, '2026-11-10')).toEqual([{ agent: '', n: 1, m: 1, runs: 1 }]);
		// settling again at the same time finds nothing to do
		expect((await settleAt('2026-11-19T00:00:00')).settled).toEqual({ [FCR]: 0, [COMPLAINT]: 0 });
		// a report over 11-10 (settled) and 11-11 (live) gives what the all-live report gives
		await expectSameAsLive('2026-11-10', '2026-11-11');
	});

	it('with every day settled, the settled rows give the same report as the live path', async () => {
		// 12-01: the last settleable day is 11-22 → 11-11 … 11-22 settle (12 days per kind)
		expect((await settleAt('2026-12-01T00:00:00')).settled).toEqual({ [FCR]: 12, [COMPLAINT]: 12 });
		// 11-11: a1 resolved C8 C9, a2 C7, none reopened; C7's complaint has nothing after it (0 of 1)
		expect(await stored(FCR, '2026-11-11')).toEqual([
			{ agent: 'a1', n: 0, m: 2, runs: 1 },
			{ agent: 'a2', n: 0, m: 1, runs: 1 }
		]);
		expect(await stored(COMPLAINT, '2026-11-11')).toEqual([{ agent: '', n: 0, m: 1, runs: 1 }]);
		await expectSameAsLive('2026-11-10', '2026-11-11');
		// a range reaching past the settled days (11-23 … 11-30 live)
		await expectSameAsLive('2026-11-09', '2026-11-30', [[], ['agent']]);
	});

	it('reports read the settled rows: an event written behind the settler’s back does not change a settled day', async () => {
		// No production path does this (live ingest refuses events older than 24 h; the history import
		// invalidates, next test): a reopen of C1 written straight into the table changes the live figure
		// of 11-10 but not the settled one — so the report is really read from report_outcome_day.
		await client.insert({
			table: 'contact_events',
			format: 'JSONEachRow',
			values: [{ ...FIXTURE[0], event_id: 'behind-1', type: 'contact.reopened', ts: at('2026-11-12T08:00:00'), received_at: at('2026-11-12T08:00:00') }]
		});
		const [settled] = await kpiReport(client, req({ to: '2026-11-10' }), ctx);
		const [live] = await kpiReport(client, req({ to: '2026-11-10' }), { ...ctx, settled: false });
		// settled: C2 reopened of C1 C2 C3 C6 → (4 − 1) / 4; live now also counts C1 → (4 − 2) / 4
		expect([settled.fcrPct, live.fcrPct]).toEqual([75, 50]);
		await client.command({ query: `DELETE FROM contact_events WHERE event_id = 'behind-1'` });
		await client.command({ query: `DELETE FROM report_marks WHERE type = 'contact.reopened' AND contact_id = 'C1'` });
	});

	it('an old reopen imported after its day was settled: the day is invalidated, computed live, then settled again', async () => {
		const config = loadConfig({ env: {} });
		// C3 (a2, resolved 11-10 12:21:30) reopened 11-13 10:00 — 3 days later, inside the window; sent on 12-02
		// through /api/v1/history/events (any age)
		const r = await importOldEvents(
			{ client, config, seen: new SeenIds(), nowMs: at('2026-12-02T09:00:00'), now: () => at('2026-12-02T09:00:01') },
			[{ ok: true, value: { event_id: 'late-reopen-C3', ts: at('2026-11-13T10:00:00'), type: 'contact.reopened', contact_id: 'C3', channel: 'chat', queue: 'presale' } }],
			'fixture'
		);
		expect(r).toMatchObject({ accepted: 1, rejected: [] });
		// 11-10's FCR: C2 and now C3 reopened inside 7 days → (4 − 2) / 4 = 50 %, though the day had been settled at 75 %
		const [d1] = await kpiReport(client, req({ to: '2026-11-10' }), ctx);
		expect(d1.fcrPct).toBe(50);
		// the settler settles the invalidated days again: the reopen at 11-13 can touch resolution days
		// 11-06 … 11-13 (7 days back), widened by a day each side for the zone → 11-05 … 11-14, of which
		// 11-10 … 11-14 had been settled (5 days per kind); and 11-23 has closed since 12-01
		// (12-02 09:01 − 8 days = 11-24 09:01) → 6 per kind
		expect((await settleAt('2026-12-02T09:01:00')).settled).toEqual({ [FCR]: 6, [COMPLAINT]: 6 });
		// a2 now has C3 reopened → n 1 of m 2; the earlier run's rows are gone (one run left)
		expect(await stored(FCR, '2026-11-10')).toEqual([
			{ agent: 'a1', n: 1, m: 2, runs: 1 },
			{ agent: 'a2', n: 1, m: 2, runs: 1 }
		]);
		const [again] = await kpiReport(client, req({ to: '2026-11-10' }), ctx);
		expect(again.fcrPct).toBe(50);
		await expectSameAsLive('2026-11-10', '2026-11-11', [[], ['agent'], ['channel', 'queue']]);
	});
});
