import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../auth/client';
import { tempDir } from '../helpers/engine';
import { ROOT, startServer, type RunningServer } from '../helpers/server';

// Issue 16 "Bring your history", through the HTTP API of a real server with the simulator off.
const KEY = 'history-test-key-0123456789';
const BANK = join(ROOT, 'tests/fixtures/bank-calls-2003/bank_calls_5min_2003.csv');
const BANK_COLUMNS = JSON.stringify({ timestamp: 'interval_start', count: 'offered' });

let server: RunningServer;
let dir: { path: string; cleanup(): void };
let cookie: string;

interface Coverage {
	series: { channel: string; queue: string; first: string; last: string; intervals: number; offered: number; missingDays: string[] }[];
}

async function upload(body: Buffer | string, params: Record<string, string>, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) {
	const q = new URLSearchParams(params).toString();
	const r = await fetch(`${server.url}/api/v1/history?${q}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
	return { status: r.status, body: (await r.json()) as Record<string, unknown> & { errors: { line: number; column: string; rule: string }[]; totalErrors: number; rows: number } };
}

async function coverage(): Promise<Coverage> {
	const r = await fetch(`${server.url}/api/v1/history/coverage`, { headers: { authorization: `Bearer ${KEY}` } });
	expect(r.status).toBe(200);
	return (await r.json()) as Coverage;
}
const seriesOf = (c: Coverage, channel: string, queue: string) => c.series.find((s) => s.channel === channel && s.queue === queue);

/** The fixture, independently summed here (the oracle for the coverage totals). */
function bankFile(): { text: string; rows: [string, number][]; total: number } {
	const text = readFileSync(BANK, 'utf8');
	const rows = text
		.trim()
		.split('\n')
		.slice(1)
		.map((l) => l.split(','))
		.map(([ts, n]) => [ts, Number(n)] as [string, number]);
	return { text, rows, total: rows.reduce((a, [, n]) => a + n, 0) };
}

async function forecast(weeks: number): Promise<{ type: string; error?: string; channels?: { daily: { date: string; forecast: number }[] }[] }> {
	const r = await fetch(`${server.url}/api/v1/planning/forecast`, {
		method: 'POST',
		headers: { cookie, origin: server.url, 'content-type': 'application/json' },
		body: JSON.stringify({ channels: ['phone'], queues: ['presale'], horizon: { kind: 'weeks', weeks }, intervalMin: 15, model: 'auto' })
	});
	expect(r.status).toBe(200);
	const lines = (await r.text()).trim().split('\n').map((l) => JSON.parse(l));
	return lines[lines.length - 1];
}

beforeAll(async () => {
	dir = tempDir('csops-history-');
	server = await startServer({ DATA_PATH: dir.path, INGEST_KEYS: `erp:${KEY}`, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'history-admin-password', SIMULATOR: 'off' });
	cookie = await login(server.url, 'admin', 'history-admin-password');
});

afterAll(async () => {
	if (process.env.HISTORY_TEST_LOG) console.log(server?.output());
	await server?.stop();
	dir?.cleanup();
});

describe('the bank-calls-2003 5-minute file as phone/presale', () => {
	const bank = bankFile();
	const params = { filename: 'bank_calls_5min_2003.csv', channel: 'phone', queue: 'presale', intervalMin: '5', columns: BANK_COLUMNS };

	it('imports it; coverage totals equal the file; a second import leaves them unchanged', async () => {
		const first = await upload(bank.text, params);
		expect(first.status, JSON.stringify(first.body).slice(0, 500)).toBe(200);
		expect(first.body.rows).toBe(bank.rows.length);
		const c1 = seriesOf(await coverage(), 'phone', 'presale')!;
		expect(c1.offered).toBe(bank.total);
		expect(c1.intervals).toBe(bank.rows.length);
		// first interval 2003-03-03 07:00 local (Asia/Shanghai, +08:00) = 2003-03-02T23:00Z; last 2003-10-24 21:00 local (the file's first and last lines)
		expect(c1.first).toBe('2003-03-02T23:00:00.000Z');
		expect(c1.last).toBe('2003-10-24T13:00:00.000Z');
		// the fixture's README lists six missing weekdays; 2003-04-04 (a Friday) is one of them
		expect(c1.missingDays).toContain('2003-04-04');
		expect(c1.missingDays).not.toContain('2003-04-03');

		const again = await upload(bank.text, params);
		expect(again.status).toBe(200);
		const c2 = seriesOf(await coverage(), 'phone', 'presale')!;
		expect(c2.offered).toBe(bank.total);
		expect(c2.intervals).toBe(bank.rows.length);

		// all of it is older than the two years a forecast looks back: the planner is told what to do
		const old = await forecast(2);
		expect(old.type).toBe('error');
		expect(old.error).toContain('/planning/history');
	});

	it('the same series re-dated to end last week (whole weeks: weekdays kept) gives a 2-week forecast', async () => {
		const last = Date.UTC(2003, 9, 24);
		const today = new Date();
		const weeks = Math.floor((Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 2 * 86_400_000 - last) / (7 * 86_400_000));
		const shift = weeks * 7 * 86_400_000;
		const redated =
			'timestamp,count\n' +
			bank.rows
				.map(([ts, n]) => {
					const [d, t] = ts.split(' ');
					const [y, m, day] = d.split('-').map(Number);
					return `${new Date(Date.UTC(y, m - 1, day) + shift).toISOString().slice(0, 10)} ${t},${n}`;
				})
				.join('\n');
		const r = await upload(redated, { ...params, filename: 'bank_redated.csv' });
		expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
		const c = seriesOf(await coverage(), 'phone', 'presale')!;
		expect(c.offered).toBe(2 * bank.total); // 2003 plus the re-dated copy, distinct intervals
		const f = await forecast(2);
		expect(f.type, f.error).toBe('result');
		expect(f.channels![0].daily).toHaveLength(14);
		// weekdays carry the bank's ~4 400 calls a day (fixture daily file); a forecast of zeros would fail here
		expect(Math.max(...f.channels![0].daily.map((d) => d.forecast))).toBeGreaterThan(1000);
	});
});

describe('Chinese exports: GBK CSV and XLSX with names mapped; bad rows refuse the whole file', () => {
	it('imports a GBK CSV with Chinese headings and channel/queue names through a mapping', async () => {
		// every data row is 旺旺 / 售前咨询, neither a configured name: the map turns them into chat / presale
		const text = ['时间,渠道,队列,进线量,接起量', '2025-11-11 00:00,旺旺,售前咨询,12,11', '2025-11-11 00:15,旺旺,售前咨询,30,28', '2025-11-11 00:30,旺旺,售前咨询,7,7', '2025-11-11 00:45,旺旺,售前咨询,0,0'].join('\r\n');
		const gbk = iconv.encode(text, 'gbk');
		expect(gbk.includes(Buffer.from('旺旺', 'utf8'))).toBe(false); // really GBK bytes, not UTF-8
		const r = await upload(gbk, { filename: '双11旺旺.csv', intervalMin: '15', map: JSON.stringify({ 旺旺: 'chat', 售前咨询: 'presale' }) });
		expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
		expect(r.body.encoding).toBe('gbk');
		const s = seriesOf(await coverage(), 'chat', 'presale')!;
		expect(s.offered).toBe(12 + 30 + 7 + 0);
		expect(s.intervals).toBe(4);
		expect(s.first).toBe('2025-11-10T16:00:00.000Z'); // 2025-11-11 00:00 +08:00
	});

	it('imports an XLSX whose channel and queue names are Chinese, through a mapping', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('进线');
		ws.addRow(['interval_start', 'channel', 'queue', 'interval_min', 'offered', 'aht_sec']);
		// Excel has no zones: a date cell is the wall-clock time, read as local time in Asia/Shanghai
		ws.addRow([new Date(Date.UTC(2025, 5, 18, 9, 0)), '电子邮件', '售后服务', 60, 40, 320]);
		ws.addRow([new Date(Date.UTC(2025, 5, 18, 10, 0)), '电子邮件', '售后服务', 60, 55, 300]);
		ws.addRow(['2025-06-18 11:00', '电子邮件', '售后服务', 60, 61, 310]);
		const buf = Buffer.from(await wb.xlsx.writeBuffer());
		const r = await upload(buf, { filename: '618邮件.xlsx', map: JSON.stringify({ 电子邮件: 'email', 售后服务: 'aftersale' }) });
		expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
		const s = seriesOf(await coverage(), 'email', 'aftersale')!;
		expect(s.offered).toBe(40 + 55 + 61);
		expect(s.first).toBe('2025-06-18T01:00:00.000Z'); // 09:00 +08:00
		expect(s.last).toBe('2025-06-18T03:00:00.000Z');
	});

	it('imports NDJSON, one object per line, timestamps with an offset', async () => {
		const nd = [
			{ interval_start: '2025-12-12T10:00:00+08:00', interval_min: 30, channel: 'chat', queue: 'aftersale', offered: 21, answered: 20, csat_avg: 4.6 },
			{ interval_start: '2025-12-12T02:30:00Z', interval_min: 30, channel: 'chat', queue: 'aftersale', offered: 9 } // 10:30 +08:00
		];
		const r = await upload(nd.map((o) => JSON.stringify(o)).join('\n'), { filename: 'double12.ndjson' });
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		const s = seriesOf(await coverage(), 'chat', 'aftersale')!;
		expect(s.offered).toBe(21 + 9);
		expect([s.first, s.last]).toEqual(['2025-12-12T02:00:00.000Z', '2025-12-12T02:30:00.000Z']);
	});

	it('refuses a file with 3 bad rows whole, naming the three lines', async () => {
		const lines = [
			'interval_start,channel,queue,interval_min,offered', // line 1
			'2025-03-01 09:00,ticket,complaint,30,5',
			'2025-03-01 09:30,ticket,complaint,30,-4', // line 3: negative count
			'2025-03-01 10:00,ticket,complaint,30,6',
			'2025-03-01 10:30,ticket,complaint,30,6',
			'2025-03-01 11:00,传真,complaint,30,6', // line 6: unknown channel, not mapped
			'2025-03-01 11:30,ticket,complaint,30,6',
			'2025-03-01 12:00,ticket,complaint,30,6',
			'2025-03-01 12:10,ticket,complaint,30,6', // line 9: not on a 30-minute boundary
			'2025-03-01 13:00,ticket,complaint,30,6'
		];
		const r = await upload(lines.join('\n'), { filename: 'bad.csv' });
		expect(r.status).toBe(400);
		expect(r.body.totalErrors).toBe(3);
		expect(r.body.errors.map((e) => e.line)).toEqual([3, 6, 9]);
		expect(r.body.errors.map((e) => `${e.column}:${e.rule}`)).toEqual(['offered:count', 'channel:unknown-channel', 'interval_start:interval-alignment']);
		expect(seriesOf(await coverage(), 'ticket', 'complaint')).toBeUndefined(); // the 7 good rows were not stored either
	});
});

describe('npm run import:history (the CLI)', () => {
	// asynchronous: a blocked test process would let the server time out its idle keep-alive sockets
	const cli = (...a: string[]) =>
		new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
			execFile(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/import-history.ts'), '--url', server.url, '--key', KEY, ...a], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
				resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
			);
		});

	it('uploads with progress and replaces, not adds; a refused file exits 1 with every line', async () => {
		const before = seriesOf(await coverage(), 'phone', 'presale')!;
		const ok = await cli('--file', BANK, '--channel', 'phone', '--queue', 'presale', '--interval-min', '5', '--columns', BANK_COLUMNS);
		expect(ok.status, ok.stderr).toBe(0);
		expect(ok.stdout).toContain(`phone/presale (5 min): ${bankFile().rows.length} intervals, ${bankFile().total} offered`);
		expect(ok.stderr).toMatch(/rows checked/);
		expect(seriesOf(await coverage(), 'phone', 'presale')!.offered).toBe(before.offered);

		const bad = join(dir.path, 'bad.csv');
		writeFileSync(bad, 'interval_start,channel,queue,interval_min,offered\n2025-03-01 09:00,chat,complaint,30,x\n2025-03-01 09:30,chat,complaint,30,1\n2025-03-01 09:30,chat,complaint,30,2\n');
		const refused = await cli('--file', bad);
		expect(refused.status).toBe(1);
		expect(refused.stderr).toContain('line 2, column offered [count]');
		expect(refused.stderr).toContain('line 4, column interval_start [duplicate]');
	});
});

describe('old raw events and access', () => {
	it('stores v1 events of any age in the per-minute aggregate once; the live ingest API still refuses them', async () => {
		const at = new Date(Date.now() - 40 * 86_400_000);
		at.setUTCHours(3, 0, 0, 0);
		const ev = (i: number) => ({ event_id: `old-${i}`, ts: new Date(at.getTime() + i * 60_000).toISOString(), type: 'contact.arrived', contact_id: `c-${i}`, channel: 'ticket', queue: 'insale' });
		const events = [ev(1), ev(2), ev(3)];
		const post = (path: string) =>
			fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) }).then(async (r) => ({ status: r.status, body: await r.json() }));
		const live = await post('/api/v1/events');
		expect(live.body.accepted).toBe(0);
		const first = await post('/api/v1/history/events');
		expect(first).toMatchObject({ status: 200, body: { accepted: 3, duplicates: 0 } });
		const again = await post('/api/v1/history/events');
		expect(again).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 3 } });
		expect(seriesOf(await coverage(), 'ticket', 'insale')!.offered).toBe(3);

		// Live wins: an imported row for the interval the events cover (11:00–11:15 local, 03:00Z) is left
		// out; the next interval, which no event covers, counts. Expected: 3 (events) + 7 (import) = 10.
		const day = at.toISOString().slice(0, 10);
		const r = await upload(`interval_start,interval_min,channel,queue,offered\n${day} 11:00,15,ticket,insale,50\n${day} 11:15,15,ticket,insale,7\n`, { filename: 'overlap.csv' });
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		const s = seriesOf(await coverage(), 'ticket', 'insale') as unknown as { offered: number; imported: { intervals: number; offered: number }; live: { offered: number } };
		expect(s.offered).toBe(3 + 7);
		expect(s.imported).toMatchObject({ intervals: 1, offered: 7 });
		expect(s.live.offered).toBe(3);
	});

	it('a planner session may upload from the page (same origin); no credential is refused', async () => {
		const none = await upload('interval_start,offered\n', { channel: 'chat', queue: 'insale', intervalMin: '15' }, { origin: server.url });
		expect(none.status).toBe(401);
		const r = await upload('interval_start,offered\n2025-01-02 10:00,9\n', { channel: 'chat', queue: 'insale', intervalMin: '15' }, { cookie, origin: server.url });
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		const cross = await upload('interval_start,offered\n2025-01-02 10:00,9\n', { channel: 'chat', queue: 'insale', intervalMin: '15' }, { cookie, origin: 'http://evil.example' });
		expect(cross.status).toBe(403);
	});
});
