import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/engine';
import { startServer, type RunningServer } from '../helpers/server';
import { login } from '../auth/client';

// issue 21: build a schedule from a saved plan, edit a shift, publish, export; adherence flips
// when a scheduled agent goes on break.
const dir = tempDir();
const KEY = 'e2e-schedule-0123456789abcdef';
let server: RunningServer;
let browser: Browser;
let page: Page;
let cookie: string;
const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;

const RULES = {
	intervalMin: 30,
	minRestHours: 0,
	startTimes: { earliest: '00:00', latest: '23:30', stepMin: 30 },
	breaks: [{ lengthMin: 30, ifShiftHoursAtLeast: 6, earliestAfterStartMin: 120, latestAfterStartMin: 300, paid: false }],
	pools: [{ id: 'fixed', headcount: 8, shiftLengthsHours: [8], minDaysPerWeek: 1, maxDaysPerWeek: 7, costPerHour: 40, productivity: 1 }]
};

beforeAll(async () => {
	// ADHERENCE_L1_MIN=0: the L1 adherence alert fires as soon as an agent is out of adherence
	server = await startServer({ DATA_PATH: dir.path, INGEST_KEYS: `e2e:${KEY}`, ADMIN_USERNAME: 'sched-admin', ADMIN_PASSWORD: 'a-long-test-password', ADHERENCE_L1_MIN: '0' });
	cookie = await login(server.url, 'sched-admin', 'a-long-test-password');
	// a saved plan whose requirement is 2 agents all of today (what the planning page saves)
	const points: [string, number][] = [];
	for (let m = 0; m < 1440; m += 30) points.push([`${today}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, 2]);
	const r = await fetch(`${server.url}/api/v1/scenarios`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/json', origin: server.url },
		body: JSON.stringify({ name: 'e2e plan', params: { request: {}, staffing: {}, requirement: { intervalMin: 30, points } }, summary: {} })
	});
	expect(r.status).toBe(201);
	browser = await launchBrowser();
	const context = await browser.newContext({ viewport: { width: 1600, height: 1200 }, acceptDownloads: true });
	const [name, value] = cookie.split('=');
	await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
	page = await context.newPage();
	await page.goto(`${server.url}/planning/schedule`);
	await page.waitForSelector('[data-testid=week-start] option', { state: 'attached' });
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop('SIGKILL');
	dir.cleanup();
});

const num = async (testid: string) => Number((await page.textContent(`[data-testid="${testid}"]`))!.replace(/[^\d.]/g, ''));

async function agentState(agentId: string, state: string) {
	const r = await fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify([{ event_id: `st-${agentId}-${state}-${Date.now()}`, ts: Date.now(), type: 'agent.state', agent_id: agentId, state, channels: ['chat'], max_concurrency: 1 }])
	});
	expect(r.status).toBe(200);
}

describe('shift scheduling page', () => {
	it('builds a schedule from the saved plan: full coverage, pools, Gantt with breaks', async () => {
		await page.selectOption('[data-testid=week-start]', today);
		await page.fill('[data-testid=rules]', JSON.stringify(RULES));
		await page.fill('[data-testid=roster]', ['agent_id,name,pool', ...Array.from({ length: 8 }, (_, i) => `a${101 + i},坐席${i + 1},fixed`)].join('\n'));
		await page.fill('[data-testid=time-limit]', '20');
		await page.click('[data-testid=build]');
		await page.waitForSelector('[data-testid=coverage]', { timeout: 60_000 });
		// 2 agents × 24 h with 30-min meals: the requirement can be fully covered with 8 agents
		expect(await num('coverage')).toBe(100);
		// ECharts draws its canvas after the figures render: wait for it rather than count at once
		await page.waitForSelector('[data-testid=coverage-chart] canvas', { timeout: 10_000 });
		expect(await page.textContent('[data-testid=pools]')).toMatch(/fixed/);
		expect(await page.locator('[data-testid=shift]').count()).toBeGreaterThan(0);
		expect(await page.locator('[data-testid=shift] .brk').count()).toBeGreaterThan(0);
		expect(await page.textContent('[data-testid=gantt]')).toMatch(/坐席\d/);
	}, 90_000);

	it('a hand edit updates the coverage', async () => {
		const before = await num('shortfall');
		await page.locator('[data-testid=shift]').first().click();
		await page.waitForSelector('[data-testid=edit]');
		const start = await page.inputValue('[data-testid=edit-start]');
		const [h, m] = start.split(':').map(Number);
		// shorten the shift to 2 h: the hours it no longer covers become shortfall
		await page.fill('[data-testid=edit-end]', `${String(h + 2).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
		await page.click('[data-testid=edit-apply]');
		await page.waitForFunction((b) => Number(document.querySelector('[data-testid=shortfall]')!.textContent) > b, before);
		expect(await num('coverage')).toBeLessThan(100);
	});

	it('publishes and exports CSV and XLSX', async () => {
		await page.fill('[data-testid=name]', 'e2e week');
		await page.click('[data-testid=publish]');
		await page.waitForSelector('[data-testid=published]');
		const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
		const text = readFileSync((await csv.path())!, 'utf8');
		expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('agent_id,pool,date,start,end,breaks,name');
		expect(text).toMatch(new RegExp(`a10\\d,fixed,${today},\\d\\d:\\d\\d,\\d\\d:\\d\\d,.*,坐席\\d`));
		const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
		const bytes = readFileSync((await xlsx.path())!);
		expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip container, as every .xlsx is
	});

	it('adherence flips when a scheduled agent goes on break', async () => {
		const r = await fetch(`${server.url}/api/v1/planning/adherence`, { headers: { cookie } });
		const a = (await r.json()) as { agents: { agentId: string; scheduled: string }[] };
		const working = a.agents.find((x) => x.scheduled === 'working');
		expect(working, 'an agent scheduled to work now').toBeDefined();
		const id = working!.agentId;
		await agentState(id, 'available');
		const cell = page.locator(`tr[data-agent="${id}"] [data-testid=adherence-state]`);
		await expect.poll(async () => cell.textContent(), { timeout: 15_000 }).toMatch(/^遵从/);
		await agentState(id, 'break');
		await expect.poll(async () => cell.textContent(), { timeout: 15_000 }).toMatch(/^未遵从/);
		expect(await page.textContent('[data-testid=centre-adherence]')).toMatch(/\d/);
		// the wall-board lists the agent as out of adherence
		const board = await page.context().newPage();
		await board.goto(`${server.url}/wallboard`);
		await board.waitForSelector('[data-testid=board-adherence-agents]');
		const name = (await page.textContent(`tr[data-agent="${id}"] td`))!;
		expect(await board.textContent('[data-testid=board-adherence-agents]')).toContain(name);
		await board.close();
		// the alert engine raises the L1 adherence alert for that agent
		await expect
			.poll(
				async () => {
					const r = await fetch(`${server.url}/api/v1/alerts`, { headers: { cookie } });
					const j = (await r.json()) as { active: { channel: string; level: number; item: string | null }[] };
					return j.active.find((x) => x.channel === 'adherence' && (x.item ?? '').includes(id))?.level ?? 0;
				},
				{ timeout: 20_000 }
			)
			.toBeGreaterThanOrEqual(1);
	}, 60_000);
});
