import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { openMigratedEngine, tempDir } from '../helpers/engine';
import { generateAgentNames, generateReportEvents } from '../helpers/reportData';
import { ROOT, startServer, type RunningServer } from '../helpers/server';
import { login } from '../auth/client';

// issue 20: /reports on 35 days of generated contact events (200 000 events, generated in the engine
// before the server opens the directory): the cards agree with the API, the scorecard weights re-rank,
// CSV and XLSX download, screenshots in zh-CN and English.
const dir = tempDir();
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cookie: string;
const TZ = 'Asia/Shanghai';
const today = DateTime.now().setZone(TZ).startOf('day');
const from = today.minus({ days: 28 }).toISODate()!;
const to = today.minus({ days: 1 }).toISODate()!;

beforeAll(async () => {
	const client = await openMigratedEngine(dir.path);
	const fromMs = today.minus({ days: 35 }).toMillis();
	await generateReportEvents(client, { off: 0, n: 200_000, total: 200_000, fromMs, spanMs: today.toMillis() - fromMs - 3 * 3600_000 });
	await generateAgentNames(client, { atMs: fromMs });
	await client.close();
	server = await startServer({ DATA_PATH: dir.path, ADMIN_USERNAME: 'reports-admin', ADMIN_PASSWORD: 'a-long-test-password' });
	browser = await launchBrowser();
	context = await browser.newContext({ viewport: { width: 1600, height: 2400 }, acceptDownloads: true });
	cookie = await login(server.url, 'reports-admin', 'a-long-test-password');
	const [name, value] = cookie.split('=');
	await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
	page = await context.newPage();
}, 300_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop('SIGKILL');
	dir.cleanup();
});

const cardValue = async (field: string) => Number((await page.textContent(`[data-testid="card-${field}"] b`))!.replace(/[^\d.-]/g, ''));

describe('reports page', () => {
	it('shows the KPI cards for the last 28 days, equal to the API', async () => {
		await page.goto(`${server.url}/reports`);
		await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="card-offered"] b')?.textContent ?? ''), null, { timeout: 60_000 });
		await page.waitForFunction(() => !(document.querySelector('[data-testid=run]') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
		const api = await (await fetch(`${server.url}/api/v1/reports/kpis?from=${from}&to=${to}&by=total`, { headers: { cookie } })).json();
		const total = api.rows[0];
		// 200 000 events = 40 000 contacts over 35 days: about 28/35 of them arrived in the range
		expect(total.offered).toBeGreaterThan(30_000);
		expect(await cardValue('offered')).toBe(total.offered);
		expect(await cardValue('fcrPct')).toBeCloseTo(total.fcrPct, 1);
		expect(await cardValue('csatAvg')).toBeCloseTo(total.csatAvg, 2);
		// the previous 28 days hold only 7 days of data, so offered rose against them
		expect(await page.textContent('[data-testid="card-offered"] .delta')).toMatch(/\+\d/);
	}, 120_000);

	it('re-ranks the agent scorecard when the weights change, and lists who needs coaching', async () => {
		await page.waitForSelector('[data-testid=scorecard-agent] tbody tr');
		const firstBefore = await page.textContent('[data-testid=scorecard-agent] tbody tr:first-child td:nth-child(3)');
		await page.fill('[data-testid=w-fcr]', '0');
		await page.fill('[data-testid=w-sl]', '0');
		await page.fill('[data-testid=w-csat]', '100');
		// with CSAT alone the score is (CSAT − 1) / 4 × 100 of the top agent
		await page.waitForFunction(
			() => {
				const row = document.querySelector('[data-testid=scorecard-agent] tbody tr:first-child');
				const score = Number(row?.children[2].textContent);
				const csat = Number(row?.children[5].textContent);
				return Math.abs(score - ((csat - 1) / 4) * 100) < 0.2;
			},
			null,
			{ timeout: 10_000 }
		);
		expect(await page.textContent('[data-testid=scorecard-agent] tbody tr:first-child td:nth-child(3)')).not.toBe(firstBefore);
		expect(await page.locator('[data-testid=coaching] tbody tr').count()).toBe(5);
		// names, not ids (generateAgentNames): every agent and team cell is a name, or an id marked as having none
		const people = await page.$$eval('[data-testid=person-name]', (cells) => cells.map((c) => c.textContent ?? ''));
		expect(people.length).toBeGreaterThan(10);
		for (const p of people) expect(p).toMatch(/^[\u4e00-\u9fff]{2,3}$|^(售前|售中|售后|投诉) \d+ 组$|^[at]\d+ （无姓名，仅编号）$/);
		expect(people.filter((p) => /^[\u4e00-\u9fff]{2,3}$/.test(p)).length).toBeGreaterThan(5);
	});

	it('compares a promotion window with the same-length ordinary period before it', async () => {
		await page.fill('[data-testid=promo-from]', today.minus({ days: 7 }).toISODate()!);
		await page.fill('[data-testid=promo-to]', today.minus({ days: 1 }).toISODate()!);
		await page.click('[data-testid=promo-run]');
		await page.waitForSelector('[data-testid=promo-table] tbody tr');
		expect(await page.textContent('[data-testid=promo-table] thead')).toContain(today.minus({ days: 14 }).toISODate()!);
	});

	it('downloads CSV and XLSX exports', async () => {
		const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
		const csv = readFileSync((await csvDl.path())!, 'utf8').replace(/^\uFEFF/, '');
		const header = csv.split('\r\n')[0];
		expect(header).toBe('"周期","渠道","队列","咨询量","接起量","放弃量","服务水平 %","即时响应率 %","平均首次响应（秒）","P90 首次响应（秒）","平均处理时长（秒）","放弃率 %","解决量","首次解决率 %","投诉二次率 %","满意度","评价数","净推荐值","NPS 样本"');
		const [xlsxDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
		const xlsx = readFileSync((await xlsxDl.path())!);
		expect(xlsx.subarray(0, 2).toString()).toBe('PK'); // an OOXML zip
	}, 60_000);

	it('takes screenshots in zh-CN and English', async () => {
		await page.screenshot({ path: join(ROOT, 'docs/screenshots/reports-zh-CN.png'), fullPage: true });
		await context.addCookies([{ name: 'lang', value: 'en', url: server.url }]);
		await page.goto(`${server.url}/reports`);
		await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="card-offered"] b')?.textContent ?? ''), null, { timeout: 60_000 });
		await page.waitForSelector('[data-testid=scorecard-agent] tbody tr');
		await page.fill('[data-testid=promo-from]', today.minus({ days: 7 }).toISODate()!);
		await page.fill('[data-testid=promo-to]', today.minus({ days: 1 }).toISODate()!);
		await page.click('[data-testid=promo-run]');
		await page.waitForSelector('[data-testid=promo-table] tbody tr');
		expect(await page.textContent('h1')).toBe('Operations reports');
		// the charts draw on the next animation frame (src/lib/components/Chart.svelte: lazyUpdate, no
		// animation): the fonts loaded and two frames drawn, instead of a fixed 500 ms pause
		await page.evaluate(async () => {
			await document.fonts.ready;
			await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
		});
		await page.screenshot({ path: join(ROOT, 'docs/screenshots/reports-en.png'), fullPage: true });
	}, 120_000);
});
