import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/engine';
import { freePort, startServer, type RunningServer } from '../helpers/server';

// issue 7: scripted events through the ingest API change the tiles within 1 s, a tile turns red
// when its threshold is crossed, and the board survives a server restart.
const KEY = 'e2e-key-0123456789abcdef';
// the kiosk way in (issue 10): a read-only board token, here from BOARD_TOKENS; /wallboard?token= keeps it in a cookie
const BOARD_TOKEN = 'e2e-board-token-0123456789';
const dir = tempDir();
let port: number;
let server: RunningServer;
let browser: Browser;
let page: Page;

const start = () => startServer({ DATA_PATH: dir.path, INGEST_KEYS: `e2e:${KEY}`, BOARD_TOKENS: `tv:${BOARD_TOKEN}` }, { port });

async function send(events: Record<string, unknown>[]) {
	const r = await fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify(events)
	});
	const body = await r.json();
	expect(body).toMatchObject({ accepted: events.length, rejected: [] });
}

const metric = (channel: string, name: string) => page.locator(`[data-channel="${channel}"] [data-metric="${name}"]`);

/**
 * Waits until a tile shows `expected` after the ack, with no reload. What is checked here is that the
 * figure arrives live and is right; the event → screen latency target (p99 < 1 s) is measured by
 * `npm run bench:board`, not by a timed test, so a busy machine gets a few seconds.
 */
async function expectLive(channel: string, name: string, expected: string) {
	await page.waitForFunction(
		({ sel, want }) => document.querySelector(sel)?.textContent?.trim() === want,
		{ sel: `[data-channel="${channel}"] [data-metric="${name}"]`, want: expected },
		{ timeout: 5000 }
	);
}

beforeAll(async () => {
	port = await freePort();
	server = await start();
	browser = await launchBrowser();
	page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	await page.goto(`${server.url}/wallboard?token=${BOARD_TOKEN}`);
	expect(new URL(page.url()).search).toBe(''); // the token left the address bar
	await page.waitForSelector('[data-testid="connection"]:has-text("实时连接")');
});

afterAll(async () => {
	await browser?.close();
	await server?.stop('SIGKILL');
	dir.cleanup();
});

describe('wall-board in Chromium', () => {
	it('fits 1920×1080 without scrolling, in zh-CN by default', async () => {
		const [h, w] = await page.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]);
		expect(h).toBeLessThanOrEqual(1080);
		expect(w).toBeLessThanOrEqual(1920);
		await expect(page.locator('h1').textContent()).resolves.toBe('服务大屏');
	});

	it('shows scripted events on the tiles live, without a reload', async () => {
		const now = Date.now();
		// three chats arrived 10 s ago
		await send(['c1', 'c2', 'c3'].map((id) => ({ event_id: `${id}-a`, ts: now - 10_000, type: 'contact.arrived', contact_id: id, channel: 'chat', queue: 'presale' })));
		await expectLive('chat', 'waiting', '3');
		await expectLive('chat', 'offered-today', '3');
		// two answered after 10 s: within the 30 s chat target → SL = 2 / 2 = 100 %; 即时响应率 = 2 / 2 = 100 %:
		// c3 has waited 10 s, inside the 60 s threshold, so its outcome is not known yet (issue 18)
		await send(['c1', 'c2'].map((id) => ({ event_id: `${id}-b`, ts: now, type: 'contact.answered', contact_id: id, channel: 'chat', queue: 'presale', agent_id: 'a1' })));
		await expectLive('chat', 'waiting', '1');
		await expectLive('chat', 'sl-15m', '100.0%');
		await expectLive('chat', 'immediate', '100.0%');
		await expectLive('chat', 'frt', '0:10');
	});

	it('turns a tile red when a wait crosses its L2 threshold', async () => {
		// the tile (section), not a banner line of the same channel (an L2 on phone is on the banner too)
		const phone = page.locator('section[data-channel="phone"]');
		expect(await phone.getAttribute('data-colour')).not.toBe('red');
		// a call waiting 70 s: past phone L2 (60 s) → red, level 2
		await send([{ event_id: 'p1-a', ts: Date.now() - 70_000, type: 'contact.arrived', contact_id: 'p1', channel: 'phone', queue: 'complaint' }]);
		// what is checked here is the colour rule; the event → screen latency is bench:board's (p99 < 1 s)
		// (a timed test is not a benchmark), so a busy machine gets a few seconds
		await page.waitForFunction(() => document.querySelector('section[data-channel="phone"]')?.getAttribute('data-colour') === 'red', null, { timeout: 5000 });
		expect(await phone.getAttribute('data-level')).toBe('2');
		// the longest-wait clock ticks locally
		const first = await metric('phone', 'longest-wait').textContent();
		expect(first).toMatch(/\d/);
		// a condition instead of a fixed 1.3 s pause: the figure changes by itself (the page ticks every
		// 250 ms, the figure has whole seconds); 5 s is a hang detector for a busy machine
		await page.waitForFunction((shown) => document.querySelector('[data-channel="phone"] [data-metric="longest-wait"]')?.textContent !== shown, first, { timeout: 5000 });
		expect(await metric('phone', 'longest-wait').textContent()).not.toBe(first);
	});

	it('shows stale while the server is down and reconnects by itself after a restart', async () => {
		await server.stop('SIGTERM');
		await page.waitForSelector('[data-testid="connection"]:has-text("数据停止更新")', { timeout: 5000 });
		server = await start();
		await page.waitForSelector('[data-testid="connection"]:has-text("实时连接")', { timeout: 15_000 });
		// the live state was rebuilt from storage: same numbers after the restart
		await expectLive('chat', 'waiting', '1');
		await expectLive('chat', 'offered-today', '3');
		await expectLive('phone', 'waiting', '1');
		await send([{ event_id: 'c4-a', ts: Date.now(), type: 'contact.arrived', contact_id: 'c4', channel: 'chat', queue: 'presale' }]);
		await expectLive('chat', 'waiting', '2');
	});

	it('switches to English', async () => {
		await page.getByRole('button', { name: 'English' }).click();
		await page.waitForSelector('h1:has-text("Wall-board")');
		await expect(page.locator('[data-channel="chat"] h2').textContent()).resolves.toBe('Chat');
		await page.getByRole('button', { name: '中文' }).click();
		await page.waitForSelector('h1:has-text("服务大屏")');
	});
});
