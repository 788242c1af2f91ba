import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/engine';
import { startServer, type RunningServer } from '../helpers/server';
import { login } from '../auth/client';

// issue 16: a planner brings history through /planning/history on a real installation (simulator off).
const dir = tempDir();
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	server = await startServer({ DATA_PATH: dir.path, SIMULATOR: 'off', ADMIN_USERNAME: 'history-admin', ADMIN_PASSWORD: 'a-long-test-password' });
	browser = await launchBrowser();
	const context = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
	const [name, value] = (await login(server.url, 'history-admin', 'a-long-test-password')).split('=');
	await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
	page = await context.newPage();
	await page.goto(`${server.url}/planning`);
	await page.click('[data-testid=history-link]');
	await page.waitForSelector('[data-testid=no-history]');
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop('SIGKILL');
	dir.cleanup();
});

describe('/planning/history', () => {
	it('uploads a GBK export with a name mapping and shows its coverage, monthly chart and log entry', async () => {
		// 2025-11-10 and 2025-11-12, 96 quarter-hours each of 旺旺 / 售前咨询 with 3 contacts: 2 × 96 × 3 = 576 offered
		const rows: string[] = ['时间,渠道,队列,进线量'];
		for (const day of ['2025-11-10', '2025-11-12']) {
			for (let m = 0; m < 1440; m += 15) rows.push(`${day} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')},旺旺,售前咨询,3`);
		}
		await page.setInputFiles('[data-testid=file]', { name: '旺旺导出.csv', mimeType: 'text/csv', buffer: iconv.encode(rows.join('\r\n'), 'gbk') });
		await page.selectOption('.upload select >> nth=2', '15'); // interval length for the whole file
		await page.fill('[data-testid=map]', '{"旺旺": "chat", "售前咨询": "presale"}');
		await page.click('[data-testid=import]');
		await page.waitForSelector('[data-testid=result]', { timeout: 60_000 });
		expect(await page.textContent('[data-testid=result]')).toContain('192'); // 2 × 96 rows
		await page.waitForSelector('[data-series="chat/presale"]');
		// 2 × 96 × 3 = 576 offered; the day between the two (2025-11-11) is a gap
		expect(await page.textContent('[data-series="chat/presale"] [data-metric=offered]')).toContain('576');
		expect(await page.textContent('[data-series="chat/presale"] .gaps')).toContain('2025-11-11');
		await page.waitForSelector('[data-testid=monthly-chart] canvas');
		expect(await page.textContent('[data-testid=import-log]')).toContain('旺旺导出.csv');
	}, 90_000);

	it('shows every error of a refused file with its line, and stores nothing', async () => {
		const csv = 'interval_start,channel,queue,interval_min,offered\n2025-03-01 09:00,ticket,complaint,30,1\n2025-03-01 09:30,ticket,complaint,30,oops\n';
		await page.fill('[data-testid=map]', '');
		await page.selectOption('.upload select >> nth=2', '');
		await page.setInputFiles('[data-testid=file]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.click('[data-testid=import]');
		await page.waitForSelector('[data-testid=errors]', { timeout: 30_000 });
		expect(await page.textContent('[data-testid=errors] tbody')).toMatch(/^\s*3\s*offered\s*count/);
		expect(await page.locator('[data-series="ticket/complaint"]').count()).toBe(0);
	}, 60_000);
});
