/**
 * npm run screenshots — regenerates docs/screenshots/*.png from a running demo: the production
 * server with the simulator on a fresh data directory, Debian's headless chromium at 1920×1080.
 * Needs build/ (npm run build). Takes about two minutes (backfill + a few minutes of live traffic
 * at --speed, default 60× day-clock so the intraday chart has a shape).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../tests/helpers/browser';
import { startServer } from '../tests/helpers/server';
import { login } from '../tests/auth/client';

const { values: args } = parseArgs({ options: { speed: { type: 'string', default: '1' }, 'warmup-sec': { type: 'string', default: '60' }, only: { type: 'string', default: 'all' } } });
const out = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'screens-'));
const server = await startServer({ DATA_PATH: dir, SIMULATOR: 'on', SIMULATOR_SPEED: String(args.speed), ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'screenshot-password' });
try {
	const end = Date.now() + 400_000; // the backfill of two years takes minutes on a busy machine
	while (!/backfill: (\d+ interval rows|history already present)/.test(server.output()) && Date.now() < end) await new Promise((r) => setTimeout(r, 500));
	console.log(`server up; letting the simulator run ${args['warmup-sec']} s…`);
	await new Promise((r) => setTimeout(r, Number(args['warmup-sec']) * 1000));
	const browser = await launchBrowser();
	const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const [name, value] = (await login(server.url, 'admin', 'screenshot-password')).split('=');
	await ctx.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
	const page = await ctx.newPage();
	// the board, its drill-down and the live agent list (issue 18), in both languages
	for (const lang of ['zh-CN', 'en']) {
		await ctx.addCookies([{ name: 'lang', value: lang, url: server.url }]);
		for (const [name, path] of [
			['wallboard', '/wallboard'],
			['wallboard-drilldown', '/wallboard?channel=chat'],
			['wallboard-agents', '/wallboard/agents']
		]) {
			await page.goto(`${server.url}${path}`);
			await page.waitForTimeout(3000);
			await page.screenshot({ path: join(out, `${name}-${lang}.png`) });
		}
	}
	await ctx.addCookies([{ name: 'lang', value: 'zh-CN', url: server.url }]);
	if (args.only !== 'board') {
		await page.goto(`${server.url}/planning`);
		await page.click('input[value=event]');
		await page.selectOption('[data-testid=event]', 'double11');
		await page.click('[data-testid=run]');
		await page.waitForSelector('[data-testid=peak-scheduled]', { timeout: 120_000 });
		await page.waitForTimeout(1500);
		await page.screenshot({ path: join(out, 'planning-double11-zh-CN.png'), fullPage: true });
		await page.goto(`${server.url}/alerts`);
		await page.waitForTimeout(1500);
		await page.screenshot({ path: join(out, 'alerts-inbox-zh-CN.png'), fullPage: true });
	}
	await browser.close();
	console.log(`screenshots written to ${out}`);
} finally {
	await server.stop('SIGTERM');
	rmSync(dir, { recursive: true, force: true });
}
