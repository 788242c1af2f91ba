import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { launchBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/engine';
import { startServer, type RunningServer } from '../helpers/server';

// Issue 18, must-show 2: TV-grade type. At 1920×1080 every number on the board is ≥ 40 px and every
// label ≥ 24 px (computed font size, measured in Chromium), and no text overflows or wraps — in zh-CN and
// en, on the board, the drill-down and the agent list; 3840×2160 and 1366×768 fit without overflow.
// Elements are marked by the pages: [data-number] (a figure) and [data-label] (its label, headings, links).
const KEY = 'layout-key-0123456789abcdef';
const BOARD_TOKEN = 'layout-board-token-0123456789';
const dir = tempDir('csops-layout-');
let server: RunningServer;
let browser: Browser;

async function send(events: Record<string, unknown>[]) {
	const r = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
	expect((await r.json()).rejected).toEqual([]);
}

/** A busy floor: 60 agents over four channels and 12 teams, a dozen waiting contacts, a day of answers. */
async function seed() {
	const now = Date.now();
	const channels = ['chat', 'phone', 'email', 'ticket'];
	const states = ['available', 'on_contact', 'acw', 'break'];
	const agents = Array.from({ length: 60 }, (_, i) => ({
		event_id: `ag-${i}`,
		ts: now - 600_000 + i * 1000,
		type: 'agent.state',
		agent_id: `agent-${String(i).padStart(3, '0')}`,
		team_id: `${channels[i % 4]}-t${1 + (i % 3)}`,
		state: states[i % 4],
		channels: i % 10 === 0 ? [channels[i % 4], 'phone'] : [channels[i % 4]],
		max_concurrency: i % 4 === 0 ? 3 : 1
	}));
	await send(agents);
	const contacts: Record<string, unknown>[] = [];
	const queues = ['presale', 'insale', 'aftersale', 'complaint'];
	for (let k = 0; k < 120; k++) {
		const ch = channels[k % 4];
		const q = queues[(k >> 2) % 4];
		const arrived = now - 3_000_000 + k * 20_000;
		contacts.push({ event_id: `a-${k}`, ts: arrived, type: 'contact.arrived', contact_id: `k${k}`, channel: ch, queue: q });
		if (k % 7 === 0) contacts.push({ event_id: `x-${k}`, ts: arrived + 45_000, type: 'contact.abandoned', contact_id: `k${k}`, channel: ch, queue: q });
		else if (k < 108) {
			const agent = agents[k % 60];
			contacts.push({ event_id: `b-${k}`, ts: arrived + (k % 5) * 9_000 + 1_000, type: 'contact.answered', contact_id: `k${k}`, channel: ch, queue: q, agent_id: agent.agent_id, team_id: agent.team_id });
			if (k % 3 === 0) {
				contacts.push({ event_id: `r-${k}`, ts: arrived + 400_000, type: 'contact.resolved', contact_id: `k${k}`, channel: ch, queue: q, agent_id: agent.agent_id });
				contacts.push({ event_id: `s-${k}`, ts: arrived + 410_000, type: 'contact.rated', contact_id: `k${k}`, channel: ch, queue: q, csat: 1 + (k % 5) });
			}
		}
	}
	// still waiting: a phone call past L2 (the tile's badge shows its reason), chats inside and past T
	contacts.push({ event_id: 'w-p', ts: now - 75_000, type: 'contact.arrived', contact_id: 'wp', channel: 'phone', queue: 'complaint' });
	for (let k = 0; k < 8; k++) contacts.push({ event_id: `w-${k}`, ts: now - k * 7_000, type: 'contact.arrived', contact_id: `w${k}`, channel: 'chat', queue: queues[k % 4] });
	await send(contacts);
}

interface Finding {
	what: string;
	text: string;
	value: number;
}

/** Font sizes and overflow of every visible marked element (evaluated in the page). */
async function measure(page: Page): Promise<{ numbers: number; labels: number; small: Finding[]; overflow: Finding[]; pageOverflow: boolean }> {
	return page.evaluate(() => {
		const small: Finding[] = [];
		const overflow: Finding[] = [];
		const visible = (el: Element) => {
			const r = el.getBoundingClientRect();
			return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
		};
		let numbers = 0;
		let labels = 0;
		for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-number], [data-label], h1, h2'))) {
			if (!visible(el) || el.closest('.legend')) continue;
			const text = (el.textContent ?? '').trim();
			if (text === '') continue;
			const size = parseFloat(getComputedStyle(el).fontSize);
			if (el.hasAttribute('data-number')) {
				numbers++;
				if (size < 40) small.push({ what: 'number', text, value: size });
			} else {
				labels++;
				if (size < 24) small.push({ what: 'label', text, value: size });
			}
			// cut off (ellipsis or clipped) horizontally
			if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') overflow.push({ what: 'cut', text, value: el.scrollWidth - el.clientWidth });
			// wrapped: one of its text runs is laid out on more than one line
			const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
			for (let n = walker.nextNode(); n; n = walker.nextNode()) {
				if ((n.textContent ?? '').trim() === '') continue;
				const range = document.createRange();
				range.selectNodeContents(n);
				const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top / (size / 2))));
				if (tops.size > 1) overflow.push({ what: 'wrapped', text, value: tops.size });
			}
		}
		// tiles and panels clip their content: anything taller than its box is hidden, i.e. lost
		for (const el of Array.from(document.querySelectorAll<HTMLElement>('section.tile, .drill .block, .chart, .oldest'))) {
			if (el.scrollHeight > el.clientHeight + 1) overflow.push({ what: `box ${el.className}`, text: (el.querySelector('h2,h3,.detail-title')?.textContent ?? '').trim(), value: el.scrollHeight - el.clientHeight });
		}
		const pageOverflow = document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1;
		return { numbers, labels, small, overflow, pageOverflow };
	});
}

/**
 * Opens `path` and waits until the page shows what it will be measured on — conditions, not a fixed
 * pause (it was 800 ms, which a loaded machine may not cover and an idle one does not need): the
 * stream is live; the first push of the page's own view has arrived (drill-down: `drill`, agent
 * list: `agents`, board: `snapshot`; src/lib/server/live/publisher.ts sends them on connect); every
 * HTTP request the page made has been answered (the board's intraday history, adherence and
 * intraday feed, which change what the tiles and the chart show); the fonts are loaded; and two
 * frames were drawn after that, so the layout measured is the one on screen.
 */
async function open(ctx: BrowserContext, path: string): Promise<Page> {
	const page = await ctx.newPage();
	const pending = new Set<Request>();
	page.on('request', (r) => pending.add(r));
	page.on('requestfinished', (r) => pending.delete(r));
	page.on('requestfailed', (r) => pending.delete(r));
	const pushed = new Set<string>();
	page.on('websocket', (ws) =>
		ws.on('framereceived', (f) => {
			try {
				pushed.add(String((JSON.parse(String(f.payload)) as { type?: unknown }).type));
			} catch {
				/* not a JSON message: not one of the pushes waited for */
			}
		})
	);
	const view = path.includes('channel=') ? 'drill' : path.startsWith('/wallboard/agents') ? 'agents' : 'snapshot';
	await page.goto(`${server.url}${path}`);
	await page.waitForSelector('[data-testid="connection"].ok, [data-testid="connection"]:has-text("实时连接"), [data-testid="connection"]:has-text("Live")');
	// a hang detector, not a speed limit: the stream already answered, so this is a few hundred ms at most
	const end = Date.now() + 15_000;
	while (pending.size > 0 || !pushed.has(view)) {
		if (Date.now() > end) throw new Error(`${path}: not settled: "${view}" push ${pushed.has(view) ? 'received' : 'missing'}, unanswered requests: ${[...pending].map((r) => r.url()).join(', ')}`);
		await new Promise((r) => setTimeout(r, 20));
	}
	await page.evaluate(async () => {
		await document.fonts.ready;
		await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
	});
	return page;
}

async function context(lang: 'zh-CN' | 'en', width: number, height: number): Promise<BrowserContext> {
	const ctx = await browser.newContext({ viewport: { width, height } });
	await ctx.addCookies([
		{ name: 'lang', value: lang, url: server.url },
		{ name: 'csops_board', value: BOARD_TOKEN, url: server.url }
	]);
	return ctx;
}

beforeAll(async () => {
	server = await startServer({ DATA_PATH: dir.path, INGEST_KEYS: `e2e:${KEY}`, BOARD_TOKENS: `tv:${BOARD_TOKEN}` });
	browser = await launchBrowser();
	await seed();
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop('SIGKILL');
	dir.cleanup();
});

const PAGES = [
	['board', '/wallboard'],
	['drill-down', '/wallboard?channel=chat'],
	['agent list', '/wallboard/agents']
] as const;

describe('TV-grade type at 1920×1080', () => {
	for (const lang of ['zh-CN', 'en'] as const) {
		for (const [name, path] of PAGES) {
			it(`${name} (${lang}): numbers ≥ 40 px, labels ≥ 24 px, nothing cut or wrapped`, async () => {
				const ctx = await context(lang, 1920, 1080);
				const page = await open(ctx, path);
				const m = await measure(page);
				if (process.env.LAYOUT_SHOTS) await page.screenshot({ path: `${process.env.LAYOUT_SHOTS}/${name.replace(/ /g, '-')}-${lang}.png` });
				await ctx.close();
				// the page really has figures to judge (a board of 4 tiles has > 40 numbers)
				expect(m.numbers).toBeGreaterThan(name === 'drill-down' ? 40 : 30);
				expect(m.labels).toBeGreaterThan(10);
				expect(m.small).toEqual([]);
				expect(m.overflow).toEqual([]);
				expect(m.pageOverflow).toBe(false);
			});
		}
	}
});

describe('other screens', () => {
	for (const [w, h] of [
		[3840, 2160],
		[1366, 768]
	] as const) {
		for (const lang of ['zh-CN', 'en'] as const) {
			it(`board and drill-down at ${w}×${h} (${lang}): nothing cut, wrapped or scrolled`, async () => {
				const ctx = await context(lang, w, h);
				for (const [, path] of PAGES.slice(0, 2)) {
					const page = await open(ctx, path);
					const m = await measure(page);
					expect({ path, overflow: m.overflow, pageOverflow: m.pageOverflow }).toEqual({ path, overflow: [], pageOverflow: false });
					if (w === 3840) expect(m.small).toEqual([]); // scaled ×2: far above the minimum
				}
				await ctx.close();
			});
		}
	}
});

describe('board content', () => {
	it('shows queue names, never ids, and the reason beside a level badge', async () => {
		const ctx = await context('zh-CN', 1920, 1080);
		const page = await open(ctx, '/wallboard?channel=phone');
		const text = await page.locator('body').innerText();
		for (const id of ['presale', 'insale', 'aftersale', 'complaint']) expect(text).not.toContain(id);
		// the configured name (src/lib/server/config/defaults.ts), not the id
		expect(await page.locator('[data-testid="drill-queues"] tr[data-queue="complaint"] td.name').textContent()).toBe(DEFAULT_QUEUES.find((q) => q.id === 'complaint')!.nameZh);
		// seeded phone calls k = 109, 113, 117 arrived ~14 min ago unanswered: past phone L3 (180 s), so the
		// badge is L3 and its reason is the wait (the engine's L3 is the same wait: the wait is named)
		const tile = page.locator('section[data-channel="phone"]');
		expect(await tile.getAttribute('data-level')).toBe('3');
		expect((await tile.locator('[data-testid="alert-reason"]').textContent())?.trim()).toBe('等待超过 3:00');
		await page.goto(`${server.url}/wallboard`);
		await page.waitForSelector('[data-testid="oldest-waiting"]');
		// e-mail waits are far inside their hours-long thresholds: level 0, no reason line; phone has one
		expect(await page.locator('section[data-channel="email"] [data-testid="alert-reason"]').count()).toBe(0);
		expect(await page.locator('section[data-channel="phone"] [data-testid="alert-reason"]').count()).toBe(1);
		const oldest = await page.locator('[data-testid="oldest-waiting"]').innerText();
		for (const id of ['presale', 'insale', 'aftersale', 'complaint']) expect(oldest).not.toContain(id);
		await ctx.close();
	});

	it('the agent list updates live, sorts and filters', async () => {
		const ctx = await context('en', 1920, 1080);
		const page = await open(ctx, '/wallboard/agents');
		expect(await page.locator('[data-testid="agent-count"]').textContent()).toBe('60 of 60 agents');
		// team chat-t1 = agents i with i % 4 = 0 and 1 + i % 3 = 1: i = 0, 12, 24, 36, 48
		await page.selectOption('[data-testid="filter-team"]', 'chat-t1');
		expect(await page.locator('[data-testid="agent-count"]').textContent()).toBe('5 of 60 agents');
		// agent-000 holds no contact (its answers k = 0 and 60: k = 0 was abandoned, k = 60 resolved) and goes
		// on break: the row shows it live after the ack (an agent still holding a contact would show busy);
		// the latency target (p99 < 1 s) is bench:board's, so a busy machine gets a few seconds
		expect(await page.locator('[data-agent="agent-000"]').getAttribute('data-state')).toBe('available');
		await send([{ event_id: 'brk-1', ts: Date.now(), type: 'agent.state', agent_id: 'agent-000', team_id: 'chat-t1', state: 'break', channels: ['chat', 'phone'] }]);
		await page.waitForFunction(() => document.querySelector('[data-agent="agent-000"]')?.getAttribute('data-state') === 'break', null, { timeout: 5000 });
		// a break that started 20 min ago is over the 15-minute limit: highlighted
		await send([{ event_id: 'brk-2', ts: Date.now() - 20 * 60_000, type: 'agent.state', agent_id: 'agent-999', team_id: 'chat-t9', state: 'break', channels: ['chat'] }]);
		await page.selectOption('[data-testid="filter-team"]', 'chat-t9');
		await page.waitForSelector('[data-agent="agent-999"][data-over="yes"]', { timeout: 5000 });
		expect(await page.locator('[data-testid="agent-count"]').textContent()).toBe('1 of 61 agents');
		await page.selectOption('[data-testid="filter-team"]', '');
		await page.selectOption('[data-testid="filter-channel"]', 'email');
		// e-mail agents: i % 4 == 2 → i = 2, 6, …, 58 = 15 agents (the multi-skill ones i = 10, 30, 50 are among them)
		expect(await page.locator('[data-testid="agent-count"]').textContent()).toBe('15 of 61 agents');
		await page.selectOption('[data-testid="filter-channel"]', '');
		await page.click('[data-sort="agentId"]');
		const first = await page.locator('[data-testid="agent-list"] .row').first().getAttribute('data-agent');
		expect(first).toBe('agent-000');
		await ctx.close();
	});
});
