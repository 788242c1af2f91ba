import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/engine';
import { freePort, startServer, type RunningServer } from '../helpers/server';
import { login } from '../auth/client';

// issue 17: the board's L2/L3 banner comes from the server's alert state — an L3 opened before the
// board loads is on the banner right after load (and after a reload), in the board's language, in
// a band of its own that covers no tile title.
const KEY = 'e2e-banner-0123456789abcdef';
const BOARD_TOKEN = 'e2e-banner-board-token-0123';
const ADMIN = { ADMIN_USERNAME: 'banner-admin', ADMIN_PASSWORD: 'banner-admin-password' };
const dir = tempDir();
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cookie = '';

interface ActiveAlert {
	level: number;
	status: string;
	channel: string;
	item: string | null;
}

async function activeAlerts(): Promise<ActiveAlert[]> {
	const r = await fetch(`${server.url}/api/v1/alerts`, { headers: { cookie } });
	expect(r.status).toBe(200);
	return ((await r.json()) as { active: ActiveAlert[] }).active;
}

/** Where each tile title is and whether something else is drawn over its centre. */
function tileTitles(p: Page) {
	return p.evaluate(() =>
		[...document.querySelectorAll('[data-channel] > header h2')].map((h) => {
			const r = h.getBoundingClientRect();
			const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
			return { text: h.textContent, top: r.top, bottom: r.bottom, covered: !(top === h || h.contains(top)) };
		})
	);
}

beforeAll(async () => {
	const port = await freePort();
	server = await startServer({ DATA_PATH: dir.path, INGEST_KEYS: `e2e:${KEY}`, BOARD_TOKENS: `tv:${BOARD_TOKEN}`, ...ADMIN }, { port });
	cookie = await login(server.url, ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
	browser = await launchBrowser();
	context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	// the English board: the language cookie the board's switch sets
	await context.addCookies([{ name: 'lang', value: 'en', url: server.url }]);
	page = await context.newPage();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop('SIGKILL');
	dir.cleanup();
});

describe('board banner in Chromium', () => {
	it('an L3 opened before the board loads is on the banner after load, in English, covering no tile title', async () => {
		// a chat waiting 200 s: past the chat L3 time (180 s), so the first-response rule opens L3 at its first step
		const r = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify([{ event_id: 'b1-a', ts: Date.now() - 200_000, type: 'contact.arrived', contact_id: 'b1', channel: 'chat', queue: 'complaint', team_id: 'T1' }])
		});
		expect(await r.json()).toMatchObject({ accepted: 1, rejected: [] });
		const end = Date.now() + 15_000;
		while (!(await activeAlerts()).some((a) => a.level === 3 && a.status === 'firing' && a.item === 'b1')) {
			if (Date.now() > end) throw new Error(`no L3 for b1 within 15 s: ${JSON.stringify(await activeAlerts())}`);
			await new Promise((res) => setTimeout(res, 200));
		}

		// the board opens only now; the banner must be in the server-rendered page (no push needed)
		await page.goto(`${server.url}/wallboard?token=${BOARD_TOKEN}`, { waitUntil: 'load' });
		const line = page.locator('[data-testid="banner-line"][data-level="3"][data-channel="chat"]');
		expect(await line.count()).toBe(1);
		const text = (await line.textContent())?.replace(/\s+/g, ' ').trim() ?? '';
		// level, channel / queue (English names), rule (English name), value vs threshold, age
		expect(text).toMatch(/^L3 Chat \/ Complaints Chat first response overdue waiting 3:\d\d \/ threshold 3:00 open \d+:\d\d$/);
		const banner = await page.locator('[data-testid="alert-banner"]').textContent();
		expect(banner).not.toMatch(/[\u4e00-\u9fff]/); // nothing Chinese on the English board
		expect(banner).not.toContain('**'); // no raw markdown

		// a band of its own: every tile title is below the banner and nothing is drawn over it
		const bannerBox = (await page.locator('[data-testid="alert-banner"]').boundingBox())!;
		const titles = await tileTitles(page);
		expect(titles.length).toBe(4);
		for (const t of titles) {
			expect(t.covered, `tile title ${t.text} is covered`).toBe(false);
			expect(t.top).toBeGreaterThanOrEqual(bannerBox.y + bannerBox.height);
		}
		// the board still fits the screen without scrolling
		const [h, w] = await page.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]);
		expect(h).toBeLessThanOrEqual(1080);
		expect(w).toBeLessThanOrEqual(1920);
	});

	it('is still there after a reload (the L3 is still open), and its age ticks', async () => {
		await page.reload({ waitUntil: 'load' });
		expect(await page.locator('[data-testid="banner-line"][data-level="3"][data-channel="chat"]').count()).toBe(1);
		// the age ticks on the board's clock
		const age = async () => (await page.locator('[data-testid="banner-line"][data-level="3"] .age').textContent()) ?? '';
		const first = await age();
		await page.waitForFunction((before) => document.querySelector('[data-testid="banner-line"][data-level="3"] .age')?.textContent !== before, first, { timeout: 5000 });
	});

	it('leaves the banner when the contact is answered', async () => {
		const r = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify([{ event_id: 'b1-b', ts: Date.now(), type: 'contact.answered', contact_id: 'b1', channel: 'chat', queue: 'complaint', agent_id: 'a1', team_id: 'T1' }])
		});
		expect(await r.json()).toMatchObject({ accepted: 1, rejected: [] });
		await page.waitForFunction(() => !document.querySelector('[data-testid="banner-line"][data-channel="chat"][data-level="3"]'), null, { timeout: 10_000 });
	});
});
