import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { demoDataDir, type DemoData } from '../helpers/demoData';
import { startServer, type RunningServer } from '../helpers/server';

// issue 19: on the demo centre (simulator backfill + live traffic), the board's intraday chart shows
// the re-forecast line and each tile the staffing gap; taking the serving phone agents off (agents
// logging out through the ingest API, while the simulator keeps sending calls) turns the gap red
// while the 15-minute service level is still at or above target.
const KEY = 'e2e-intraday-key-0123456789abcdef';
const BOARD_TOKEN = 'e2e-intraday-board-0123456789';
let dir: DemoData;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	// the demo's two-year history: a copy of this run's backfilled directory (tests/helpers/demoData.ts)
	dir = await demoDataDir(240_000);
	server = await startServer({
		DATA_PATH: dir.path,
		SIMULATOR: 'on',
		INGEST_KEYS: `e2e:${KEY}`,
		BOARD_TOKENS: `tv:${BOARD_TOKEN}`,
		INTRADAY_FIRST_RUN_MS: '1000',
		INTRADAY_RETRY_MS: '3000'
	});
	const end = Date.now() + 60_000;
	while (!/intraday: re-forecast \d+ channels/.test(server.output()) || !/backfill: (\d+ interval rows|history already present)/.test(server.output())) {
		if (Date.now() > end) throw new Error(`backfill/re-forecast did not finish:\n${server.output()}`);
		await new Promise((r) => setTimeout(r, 500));
	}
	browser = await launchBrowser();
	page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	await page.goto(`${server.url}/wallboard?token=${BOARD_TOKEN}&rotate=0`);
	await page.waitForSelector('[data-testid="connection"]:has-text("实时连接")');
}, 300_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop('SIGKILL');
	dir?.cleanup();
});

/** Agents the live state has serving phone now (the board's tile figures). */
async function phoneAgentsServing(): Promise<number> {
	// through the page, which carries the board's cookie
	return page.evaluate(async () => {
		const body = (await (await fetch('/api/v1/intraday?channel=phone')).json()) as { channels: { gap: { staffed: number }[] }[] };
		return body.channels[0]?.gap[0]?.staffed ?? -1;
	});
}

describe('intraday re-forecast and staffing gap on the board', () => {
	it('shows the day-ahead and re-forecast lines on the focused channel and the staffing gap on every tile', async () => {
		// the re-forecast runs once the backfill's history is there (retried every 3 s here)
		await page.waitForSelector('[data-testid="intraday-chart"][data-reforecast="yes"]', { timeout: 90_000 });
		const points = Number(await page.getAttribute('[data-testid="intraday-chart"]', 'data-reforecast-points'));
		expect(points).toBeGreaterThan(0);
		await page.waitForSelector('[data-channel="phone"] [data-testid="staffing-gap"]', { timeout: 30_000 });
		expect(await page.locator('[data-channel="phone"] [data-testid="staffing-gap"] li').count()).toBe(5);
		expect((await page.textContent('[data-channel="phone"] [data-metric="forecast-today"]'))!.trim()).toMatch(/^\d+$/);
		expect((await page.textContent('[data-channel="phone"] [data-metric="vs-forecast"]'))!.trim()).toMatch(/^[+−]\d+%$|^—$/);
		// still fits a 1920×1080 screen
		const [h, w] = await page.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]);
		expect(h).toBeLessThanOrEqual(1080);
		expect(w).toBeLessThanOrEqual(1920);
	}, 150_000);

	it('turns the phone gap red when the serving agents log off, before the service level drops', async () => {
		const slTarget = 80; // the phone channel's default target (config defaults, docs/domain.md)
		const send = async (round: number) => {
			// the demo simulator's phone agents are named phone-aNNN; log every one of them off
			const events = Array.from({ length: 120 }, (_, i) => ({
				event_id: `e2e-off-${round}-${i}`,
				ts: Date.now(),
				type: 'agent.state',
				agent_id: `phone-a${String(i + 1).padStart(3, '0')}`,
				state: 'offline',
				channels: ['phone']
			}));
			const r = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
			expect(r.status).toBe(200);
		};
		const before = await phoneAgentsServing();
		// the simulator keeps rostering its agents: keep logging them off until the board shows the shortfall
		let round = 0;
		let red = false;
		let slWhenRed = '';
		const end = Date.now() + 45_000;
		while (!red && Date.now() < end) {
			await send(round++);
			try {
				await page.waitForSelector('[data-channel="phone"] [data-testid="staffing-gap"][data-short="yes"]', { timeout: 3000 });
				red = true;
				slWhenRed = (await page.textContent('[data-channel="phone"] [data-metric="sl-15m"]'))!.trim();
			} catch {
				/* not yet */
			}
		}
		expect(red, `phone agents serving before: ${before}`).toBe(true);
		expect(await page.locator('[data-channel="phone"] [data-testid="staffing-gap"] li.short').count()).toBeGreaterThan(0);
		expect(await page.textContent('[data-channel="phone"] [data-testid="gap-summary"]')).toMatch(/缺 \d+ 人/);
		// the 15-minute SL had not dropped below target when the gap turned red ("—" = nothing answered yet)
		const sl = slWhenRed === '—' ? null : Number(slWhenRed.replace('%', ''));
		expect(sl === null || sl >= slTarget, `SL 15 min when the gap turned red: ${slWhenRed}`).toBe(true);
	}, 90_000);
});
