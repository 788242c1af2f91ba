import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { demoDataDir, type DemoData } from '../helpers/demoData';
import { startServer, type RunningServer } from '../helpers/server';
import { login } from '../auth/client';

// issue 9: a Double 11 forecast on the simulator's history; a what-if changes the staffing curve;
// a saved scenario survives a reload; the downloaded CSV's totals match the page.
// issue 4 (the demo): with the simulator on, live traffic goes through the ingester with zero rejects,
// two years of history are written once (by the demo's first start, which tests/helpers/demoData.ts
// runs once per test run; this server starts on a copy of that directory and must find the history
// and not write it again), and a clean stop closes the simulator's open contacts and writes
// everything pending.
let dir: DemoData;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	// the demo's two-year backfill, written by its first start (a hang detector, not a speed target:
	// bench:backfill measures that)
	dir = await demoDataDir(240_000);
	server = await startServer({ DATA_PATH: dir.path, SIMULATOR: 'on', ADMIN_USERNAME: 'planner-admin', ADMIN_PASSWORD: 'a-long-test-password' });
	const end = Date.now() + 60_000;
	while (!/backfill: (\d+ interval rows|history already present)/.test(server.output())) {
		if (Date.now() > end) throw new Error(`backfill did not finish:\n${server.output()}`);
		await new Promise((r) => setTimeout(r, 500));
	}
	browser = await launchBrowser();
	const context = await browser.newContext({ viewport: { width: 1600, height: 1200 }, acceptDownloads: true });
	// signed in over HTTP (the login UI itself is tested in tests/auth)
	const [name, value] = (await login(server.url, 'planner-admin', 'a-long-test-password')).split('=');
	await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
	page = await context.newPage();
	await page.goto(`${server.url}/planning`);
	await page.waitForSelector('[data-testid=run]');
}, 300_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop('SIGKILL');
	dir?.cleanup();
});

const num = async (testid: string) => Number((await page.textContent(`[data-testid="${testid}"]`))!.replace(/[^\d.]/g, ''));

describe('the demo (simulator on)', () => {
	it('feeds live traffic through the ingester with zero rejects and writes two years of history', async () => {
		const health = async () => (await (await fetch(`${server.url}/api/health`)).json()) as { ingest: { accepted: number; rejected: number } };
		// the live simulator starts sending once the server is up (no backfill to wait for on a copy)
		await expect.poll(async () => (await health()).ingest.accepted, { timeout: 30_000 }).toBeGreaterThan(0);
		expect((await health()).ingest.rejected).toBe(0);
		// the first start on an empty directory wrote the history…
		const rows = Number(/backfill: (\d+) interval rows/.exec(dir.templateOutput)?.[1]);
		// 760 days × 96 intervals × 4 channels × 4 queues = 1 167 360, plus the partial current day
		expect(rows).toBeGreaterThanOrEqual(760 * 96 * 16);
		// …and this start, on a copy of that directory, found it complete and wrote nothing (idempotent)
		expect(server.output()).toMatch(/backfill: history already present, skipped/);
		expect(server.output()).not.toMatch(/backfill: \d+ interval rows/);
	});
});

describe('planning pages', () => {
	it('forecasts Double 11 from the history, with progress, and plans staff for it', async () => {
		await page.click('input[value=event]');
		await page.selectOption('[data-testid=event]', 'double11');
		await page.click('[data-testid=run]');
		await page.waitForSelector('[data-testid=progress]', { timeout: 10_000 });
		await page.waitForSelector('[data-testid=peak-scheduled]', { timeout: 120_000 });
		expect(await page.textContent('.window')).toMatch(/Double 11/);
		expect(await num('peak-scheduled')).toBeGreaterThan(0);
	}, 150_000);

	// issue 22: the planner sees each event's learned effect with the occurrences it came from and
	// overrides it; the override re-runs the forecast and is saved with the scenario (checked below).
	it('shows the learned Double 11 effect with its earlier occurrences and applies a planner override', async () => {
		const row = page.locator('tr[data-event^="Double 11"]').first();
		// the demo history holds the two previous Double 11s: the effect names them
		expect(await row.locator('.learned-from').textContent()).toMatch(/Double 11 \(双11\) \d{4}-11-11/);
		const before = await num('total-volume');
		await row.locator('[data-testid=override-toggle]').click();
		const days = await page.locator('.override-days tr[data-date]').count();
		expect(days).toBeGreaterThan(10); // ramp + core + tail days of the window
		await page.fill('[data-testid=event-scale]', '1.5');
		await page.click('[data-testid=apply-overrides]');
		await page.waitForSelector('[data-testid=overrides-active]');
		// the forecast re-runs with every Double 11 day at 1.5 × its learned factor: more volume
		await page.waitForFunction((b) => Number(document.querySelector('[data-testid=total-volume]')?.textContent?.replace(/[^\d.]/g, '')) > b * 1.1, before, { timeout: 120_000 });
		expect(await page.textContent('[data-testid=overrides-active]')).toMatch(/Double 11 \(双11\) \d{4}-11-11 ×/);
	}, 150_000);

	it('updates the staffing when a what-if value changes, without re-fitting', async () => {
		const before = await num('scheduled-hours');
		const peakBefore = await num('peak-scheduled');
		await page.fill('[data-testid=aht]', '900'); // a longer AHT needs more agents
		await page.waitForFunction((b) => Number(document.querySelector('[data-testid=scheduled-hours]')!.textContent) > b, before, { timeout: 10_000 });
		expect(await num('peak-scheduled')).toBeGreaterThan(peakBefore);
	});

	it('shows a what-if value the plan refuses (AHT 0) as a message and keeps working (issue 23 bug 2)', async () => {
		// Before the fix the derivation wrote to `error` and Svelte threw state_unsafe_mutation: the page froze.
		const pageErrors: string[] = [];
		page.on('pageerror', (e) => pageErrors.push(e.message));
		await page.fill('[data-testid=aht]', '0');
		await page.waitForSelector('[data-testid=plan-error]', { timeout: 10_000 });
		expect(await page.textContent('[data-testid=plan-error]')).toMatch(/ahtSec/);
		await page.fill('[data-testid=aht]', '900');
		await page.waitForSelector('[data-testid=plan-error]', { state: 'detached', timeout: 10_000 });
		expect(await num('peak-scheduled')).toBeGreaterThan(0);
		expect(pageErrors.filter((m) => /state_unsafe_mutation/.test(m))).toEqual([]);
	});

	it('saves a scenario that is still there after a reload', async () => {
		await page.fill('[data-testid=scenario-name]', '双11 AHT 900');
		await page.click('button:has-text("保存方案")');
		await page.waitForSelector('[data-scenario="双11 AHT 900"]');
		await page.reload();
		await page.waitForSelector('[data-scenario="双11 AHT 900"]', { timeout: 10_000 });
	});

	it('exports a CSV whose totals match the page', async () => {
		await page.click('[data-scenario="双11 AHT 900"] button:has-text("载入")');
		await page.waitForSelector('[data-testid=peak-scheduled]', { timeout: 120_000 });
		await page.waitForFunction(() => (document.querySelector('[data-testid=aht]') as HTMLInputElement).value === '900');
		// the scenario brought its event overrides back (issue 22)
		expect(await page.textContent('[data-testid=overrides-active]')).toMatch(/Double 11 \(双11\) \d{4}-11-11 ×/);
		const pagePeak = await num('peak-scheduled');
		const pageVolume = await num('total-volume');
		const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
		const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
		const rows = csv.trim().split('\r\n').map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
		expect(rows[0]).toEqual(['channel', 'interval_start', 'volume', 'staffed_volume', 'staffed_to', 'agents', 'scheduled_agents', 'binding_constraint', 'model']);
		const focusChannel = rows[1][0];
		const mine = rows.filter((r) => r[0] === focusChannel && r[1] !== 'TOTAL');
		const total = rows.find((r) => r[0] === focusChannel && r[1] === 'TOTAL')!;
		// the CSV's own intervals add up to its total row and to the page's figures
		expect(Math.max(...mine.map((r) => Number(r[6])))).toBe(pagePeak);
		expect(Number(total[6])).toBe(pagePeak);
		// the page shows Math.round(total); the CSV has each interval rounded to 0.01 (planOutputs.ts r2), so
		// their sum may be off the page's whole number by 0.5 plus n × 0.005 (an exact Math.round of the sum
		// failed once when the total sat within that margin of x.5)
		const csvVolume = mine.reduce((s, r) => s + Number(r[2]), 0);
		expect(Math.abs(csvVolume - pageVolume)).toBeLessThanOrEqual(0.5 + mine.length * 0.005 + 1e-9);
		// issue 22: the volumes are means; staffing used each interval's P80 (the page default), which
		// is above the mean in busy intervals, and the page's total is the mean total, not Σ P80
		expect(mine.every((r) => r[4] === 'p80')).toBe(true);
		const sumStaffed = mine.reduce((s, r) => s + Number(r[3]), 0);
		expect(sumStaffed).toBeGreaterThan(pageVolume);
		expect(Math.abs(Number(total[2]) - pageVolume)).toBeLessThanOrEqual(0.5 + 0.005 + 1e-9);
	}, 150_000);
});

describe('the demo stops cleanly', () => {
	// last in this file: a SIGTERM with the simulator running closes its open contacts and writes
	// everything pending before the process exits 0
	it('exits 0 on SIGTERM with the simulator running', async () => {
		expect(await server.stop('SIGTERM')).toBe(0);
		expect(server.output()).toMatch(/stopped cleanly/);
	});
});
