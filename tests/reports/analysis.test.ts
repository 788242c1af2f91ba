import { describe, expect, it } from 'vitest';
import { binHistogram, histPercentile, previousRange, scoreRows } from '../../src/lib/reports/analysis';
import { kpiExport } from '../../src/lib/server/reports/export';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { DEFAULT_CATEGORIES } from '../../src/lib/server/config/config';
import type { KpiRow } from '../../src/lib/types/reports';

const row = (over: Partial<KpiRow>): KpiRow => ({
	period: 'total',
	offered: 0,
	answered: 0,
	abandoned: 0,
	serviceLevelPct: null,
	immediateResponsePct: null,
	avgFirstResponseSec: null,
	p90FirstResponseSec: null,
	ahtSec: null,
	abandonRatePct: null,
	resolved: 0,
	fcrPct: null,
	complaintRepeatPct: null,
	csatAvg: null,
	csatCount: 0,
	npsScore: null,
	npsCount: 0,
	...over
});

describe('report analysis helpers', () => {
	it('previous period: the same number of days just before', () => {
		expect(previousRange('2026-11-10', '2026-11-11')).toEqual({ from: '2026-11-08', to: '2026-11-09' });
		// 28 days ending 2026-12-01 → the 28 days ending 2026-11-03
		expect(previousRange('2026-11-04', '2026-12-01')).toEqual({ from: '2026-10-07', to: '2026-11-03' });
	});

	it('percentiles are bucket upper edges at rank ceil(p·n), as on the board', () => {
		// waits 10 20 45 90 (tests/reports/kpis.int.test.ts, 11-10): p90 rank 4 → 90, p50 rank 2 → 20
		const h: [number, number][] = [[90, 1], [10, 1], [45, 1], [20, 1]];
		expect(histPercentile(h, 0.9)).toBe(90);
		expect(histPercentile(h, 0.5)).toBe(20);
		expect(histPercentile([], 0.5)).toBeNull();
	});

	it('re-bins into ≤ edges and an overflow bin', () => {
		expect(binHistogram([[3, 2], [5, 1], [6, 4], [4294967295, 1]], [5, 60])).toEqual([
			{ label: '≤5s', count: 3 },
			{ label: '≤60s', count: 4 },
			{ label: '>60s', count: 1 }
		]);
	});

	it('scores: weighted mean on 0–100, a missing metric drops out with its weight', () => {
		const rows = [
			row({ agent: 'a', fcrPct: 80, csatAvg: 5, serviceLevelPct: 50 }),
			row({ agent: 'b', fcrPct: 60, csatAvg: null, serviceLevelPct: 90 })
		];
		const s = scoreRows(rows, { fcrPct: 40, csatAvg: 40, serviceLevelPct: 20 });
		// a: (40·80 + 40·100 + 20·50) / 100 = 82; b: (40·60 + 20·90) / 60 = 70
		expect(s.map((x) => [x.row.agent, x.score, x.weakest])).toEqual([
			['a', 82, 'serviceLevelPct'],
			['b', 70, 'fcrPct']
		]);
	});
});

describe('report export', () => {
	const config = { channels: DEFAULT_CHANNELS, queues: DEFAULT_QUEUES, reports: { fcrWindowDays: 7, complaintRepeatDays: 7, complaintQueues: ['complaint'], categories: DEFAULT_CATEGORIES, digests: [] } };
	// a name comes from agent events (anyone with an ingest key): the injection vector; a7 has no name known
	const rows = [
		row({ period: '2026-11-11', agent: 'a9', agentName: '=HYPERLINK("http://x")', offered: 3, serviceLevelPct: -1 }),
		row({ period: '2026-11-11', agent: 'a7', agentName: null, offered: 1 })
	];

	it('CSV: names localised, formula-looking text neutralised, numbers stay numbers', async () => {
		const { body } = await kpiExport(rows, ['agent'], 'csv', 'en', config);
		const lines = String(body).replace(/^\uFEFF/, '').split('\r\n');
		expect(lines[0].startsWith('"Period","Agent","Offered"')).toBe(true);
		expect(lines[1].startsWith('"2026-11-11","\'=HYPERLINK(""http://x"")",3,0,0,-1,')).toBe(true);
		// no name known: the id, marked as such (never passed off as a name)
		expect(lines[2].startsWith('"2026-11-11","a7 (no name known, id only)",1,')).toBe(true);
	});

	it('XLSX: the same cell is a plain string with the quote, never a formula', async () => {
		const { body } = await kpiExport(rows, ['agent'], 'xlsx', 'zh-CN', config);
		const { default: ExcelJS } = await import('exceljs');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(body as Uint8Array) as unknown as ArrayBuffer);
		const ws = wb.getWorksheet('KPIs')!;
		expect(ws.getRow(1).getCell(1).value).toBe('周期');
		const cell = ws.getRow(2).getCell(2);
		expect(cell.value).toBe('\'=HYPERLINK("http://x")');
		expect(cell.formula).toBeUndefined();
		expect(ws.getRow(2).getCell(3).value).toBe(3);
		expect(ws.getRow(3).getCell(2).value).toBe('a7 （无姓名，仅编号）');
	});
});
