/**
 * npm run bench:board — the wall-board under load, in Debian's headless Chromium.
 *
 * 1. Event → screen latency under simulator load: the built-in simulator's event stream (normal day,
 *    the given speed) is posted through the ingest API while probe events (one ticket arrival every
 *    250 ms) are sent; a MutationObserver in the page stamps when the ticket tile's "offered today"
 *    changes. Latency = screen change − probe send (same machine clock). p50 / p99 / max.
 * 2. Page memory: the JS heap after forced GC, sampled while the load runs (--soak-sec, default 300 s
 *    of pushes ≈ an hour of once-a-second updates compressed 12×), with the growth per hour.
 * 3. Snapshot at scale: the data directory is filled with --stored events (default 100 M, spread over
 *    a year, generated inside the engine), then the server is restarted on it and we measure the
 *    start-up rebuild, GET /api/v1/realtime p95 (the board's snapshot, from memory) and, for
 *    reference, the same per-channel "today" numbers computed by SQL from the per-minute aggregate.
 *
 *
 * Issue 18: the load phase runs on a floor of --agents (default 500) logged-in agents and --waiting
 * (default 2 000) contacts waiting in chat/phone/e-mail, seeded before the board opens; besides the
 * board's tile it measures event → screen on the live agent list (/wallboard/agents, an agent.state
 * probe every 250 ms flipping one agent's state) and the drill-down (/wallboard?channel=ticket, the
 * ticket queue's waiting count).
 *
 * Needs build/ (npm run build).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { linearRegression } from 'simple-statistics';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../src/lib/server/config/defaults';
import { createSimulator } from '../src/lib/server/simulator/simulator';
import { bundledMigrations, migrate } from '../src/lib/server/storage/migrate';
import { launchBrowser } from '../tests/helpers/browser';
import { freePort, startServer, type RunningServer } from '../tests/helpers/server';
import { login } from '../tests/auth/client';

const { values: args } = parseArgs({
	options: {
		'latency-sec': { type: 'string', default: '60' },
		'soak-sec': { type: 'string', default: '300' },
		stored: { type: 'string', default: '100000000' },
		speed: { type: 'string', default: '60' },
		'volume-scale': { type: 'string', default: '20' },
		agents: { type: 'string', default: '500' },
		waiting: { type: 'string', default: '2000' },
		only: { type: 'string', default: 'all' }
	}
});
const KEY = 'bench-board-0123456789abcdef';
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};

async function post(server: RunningServer, events: unknown[]) {
	const r = await fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify(events)
	});
	const body = (await r.json()) as { accepted: number; rejected: unknown[] };
	if (body.rejected?.length) throw new Error(`rejected: ${JSON.stringify(body.rejected.slice(0, 3))}`);
	return body;
}

async function phaseLoad(dataPath: string) {
	const port = await freePort();
	const server = await startServer({ DATA_PATH: dataPath, INGEST_KEYS: `bench:${KEY}`, ADMIN_USERNAME: 'bench', ADMIN_PASSWORD: 'bench-board-password' }, { port });
	const cookie = await login(server.url, 'bench', 'bench-board-password');
	const floor = await seedFloor(server, Number(args.agents), Number(args.waiting));
	const browser = await launchBrowser();
	const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const [cName, cValue] = cookie.split('=');
	await ctx.addCookies([{ name: cName, value: cValue, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
	// the live agent list, filtered to the probe agent's team (the list is virtualised: its row must be in view)
	const agentsPage = await ctx.newPage();
	await agentsPage.goto(`${server.url}/wallboard/agents`);
	await agentsPage.waitForSelector('[data-testid="connection"].ok');
	const shownAgents = await agentsPage.locator('[data-testid="agent-count"]').textContent();
	await agentsPage.selectOption('[data-testid="filter-team"]', 'bench-probe');
	await agentsPage.waitForSelector('[data-agent="probe-agent"]');
	await agentsPage.evaluate(() => {
		const w = window as unknown as { __changes: number[] };
		w.__changes = [];
		const list = document.querySelector('[data-testid="agent-list"]')!;
		let last = document.querySelector('[data-agent="probe-agent"]')?.getAttribute('data-state');
		new MutationObserver(() => {
			const now = document.querySelector('[data-agent="probe-agent"]')?.getAttribute('data-state');
			if (now !== last) {
				last = now;
				w.__changes.push(performance.timeOrigin + performance.now());
			}
		}).observe(list, { attributes: true, subtree: true, childList: true });
	});
	// the drill-down of the probe channel: the ticket queue's waiting count
	const drillPage = await ctx.newPage();
	await drillPage.goto(`${server.url}/wallboard?channel=ticket`);
	await drillPage.waitForSelector('[data-testid="drill-queues"] tr[data-queue="presale"]');
	await drillPage.evaluate(() => {
		const w = window as unknown as { __changes: number[] };
		w.__changes = [];
		const el = document.querySelector('[data-testid="drill-queues"] tr[data-queue="presale"] [data-metric="waiting"]')!;
		new MutationObserver(() => w.__changes.push(performance.timeOrigin + performance.now())).observe(el, { characterData: true, childList: true, subtree: true });
	});
	const page = await ctx.newPage();
	await page.goto(`${server.url}/wallboard`);
	await page.waitForSelector('[data-testid="connection"]:has-text("实时连接")');
	await page.evaluate(() => {
		const w = window as unknown as { __changes: number[] };
		w.__changes = [];
		const el = document.querySelector('[data-channel="ticket"] [data-metric="offered-today"]')!;
		// count pushed snapshots as the page sees them (a second socket listener, read-only)
		const ws = new WebSocket(`ws://${location.host}/api/v1/realtime/stream`);
		ws.onmessage = () => ((window as unknown as { __pushes: number }).__pushes = ((window as unknown as { __pushes?: number }).__pushes ?? 0) + 1);
		new MutationObserver(() => w.__changes.push(performance.timeOrigin + performance.now())).observe(el, { characterData: true, childList: true, subtree: true });
	});
	const cdp = await page.context().newCDPSession(page);
	const heap = async () => {
		await cdp.send('HeapProfiler.collectGarbage');
		const m = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
		return m.usedSize;
	};

	// Simulator load on chat/phone/email (tickets are the probe channel).
	const sim = createSimulator({
		seed: 7,
		channels: DEFAULT_CHANNELS,
		queues: DEFAULT_QUEUES,
		timezone: 'Asia/Shanghai',
		scenario: 'normal',
		speed: Number(args.speed),
		startMs: Date.now(),
		volumeScale: Number(args['volume-scale'])
	});
	let simEvents = 0;
	let stop = false;
	const loadLoop = (async () => {
		while (!stop) {
			const evs = sim.advance(Date.now()).filter((e) => e.channel !== 'ticket');
			if (evs.length) {
				await post(server, evs);
				simEvents += evs.length;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	})();

	// 1. latency probes: a ticket arrival (board tile and drill-down) and an agent.state flip (agent list)
	const sends: number[] = [];
	const agentSends: number[] = [];
	const t0 = Date.now();
	let i = 0;
	while (Date.now() - t0 < Number(args['latency-sec']) * 1000) {
		const sentAt = Date.now();
		await post(server, [{ event_id: `probe-${i}`, ts: sentAt, type: 'contact.arrived', contact_id: `probe-${i}`, channel: 'ticket', queue: 'presale' }]);
		sends.push(sentAt);
		const agentAt = Date.now();
		await post(server, [{ event_id: `probe-agent-${i}`, ts: agentAt, type: 'agent.state', agent_id: 'probe-agent', team_id: 'bench-probe', state: i % 2 === 0 ? 'break' : 'available', channels: ['ticket'] }]);
		agentSends.push(agentAt);
		i++;
		await new Promise((r) => setTimeout(r, 250));
	}
	await new Promise((r) => setTimeout(r, 1500));
	const changesOf = async (p: typeof page) => (await p.evaluate(() => (window as unknown as { __changes: number[] }).__changes)) as number[];
	// each probe changes the watched figure once: the k-th change answers the k-th probe
	const match = (sent: number[], changes: number[]) => sent.map((s, k) => (changes[k] ?? NaN) - s).filter((x) => Number.isFinite(x));
	const latencies = match(sends, await changesOf(page));
	const drillLatencies = match(sends, await changesOf(drillPage));
	const agentLatencies = match(agentSends, await changesOf(agentsPage));
	await agentsPage.close();
	await drillPage.close();
	const latencySec = (Date.now() - t0) / 1000;
	const rate = simEvents / latencySec;

	// 2. soak: heap after GC while the simulator keeps pushing
	const samples: { tSec: number; bytes: number }[] = [];
	const s0 = Date.now();
	samples.push({ tSec: 0, bytes: await heap() });
	while (Date.now() - s0 < Number(args['soak-sec']) * 1000) {
		await new Promise((r) => setTimeout(r, 15_000));
		samples.push({ tSec: (Date.now() - s0) / 1000, bytes: await heap() });
	}
	stop = true;
	await loadLoop;
	const pushes = await page.evaluate(() => (window as unknown as { __pushes?: number }).__pushes ?? 0);
	await browser.close();
	await server.stop('SIGTERM');
	return { latencies, drillLatencies, agentLatencies, probes: sends.length, rate, simEvents, samples, pushes, floor, shownAgents };
}

/** The floor of issue 18: `agents` logged-in agents (teams of 15, every tenth multi-skill) and `waiting` contacts waiting. */
async function seedFloor(server: RunningServer, agents: number, waiting: number) {
	const now = Date.now();
	const channels = ['chat', 'phone', 'email', 'ticket'];
	const states = ['available', 'on_contact', 'acw', 'break', 'available'];
	const events: Record<string, unknown>[] = [];
	for (let k = 0; k < agents - 1; k++) {
		const ch = channels[k % 4];
		events.push({ event_id: `floor-a${k}`, ts: now - 60_000, type: 'agent.state', agent_id: `floor-${k}`, team_id: `${ch}-team${Math.floor(k / 60) + 1}`, state: states[k % 5], channels: k % 10 === 0 ? [ch, 'phone'] : [ch], max_concurrency: ch === 'chat' ? 3 : 1 });
	}
	events.push({ event_id: 'floor-probe', ts: now - 60_000, type: 'agent.state', agent_id: 'probe-agent', team_id: 'bench-probe', state: 'available', channels: ['ticket'] });
	const queues = ['presale', 'insale', 'aftersale', 'complaint'];
	for (let k = 0; k < waiting; k++) {
		events.push({ event_id: `floor-w${k}`, ts: now - (k % 600) * 1000, type: 'contact.arrived', contact_id: `floor-w${k}`, channel: channels[k % 3], queue: queues[k % 4] });
	}
	for (let k = 0; k < events.length; k += 1000) await post(server, events.slice(k, k + 1000));
	const snap = (await (await fetch(`${server.url}/api/v1/realtime`, { headers: { cookie: await login(server.url, 'bench', 'bench-board-password') } })).json()) as { centre: { agents: { loggedIn: number } }; channels: { waiting: number }[] };
	return { agents: snap.centre.agents.loggedIn, waiting: snap.channels.reduce((n, c) => n + c.waiting, 0) };
}

async function phaseScale(dataPath: string, stored: number) {
	const { createClient } = await import('@clickhouse/client');
	const { createChdbConnection } = await import('chdb/connection');
	const client = createClient({ connection: createChdbConnection({ path: dataPath }) } as Parameters<typeof createClient>[0]);
	await migrate(client, bundledMigrations(), { cluster: null });
	const nowMs = Date.now();
	const yearMs = 365 * 86_400_000;
	const t0 = performance.now();
	const chunk = 10_000_000;
	for (let off = 0; off < stored; off += chunk) {
		const n = Math.min(chunk, stored - off);
		// Events spread over the past year (older than the 8-day rebuild window except a thin slice),
		// each contact's four events: arrived, answered (wait), resolved (handle), rated.
		await client.command({
			query: `INSERT INTO contact_events (event_id, ts, received_at, type, contact_id, channel, queue, agent_id, wait_ms, handle_ms, csat, source)
			SELECT concat('s', toString(number + {off: UInt64})) AS event_id,
			       fromUnixTimestamp64Milli(toInt64({fromMs: Int64} + intDiv((number + {off: UInt64}) * {spanMs: UInt64}, {total: UInt64}))) AS ts,
			       ts AS received_at,
			       ['contact.arrived', 'contact.answered', 'contact.resolved', 'contact.rated'][(number % 4) + 1] AS type,
			       concat('sc', toString(intDiv(number + {off: UInt64}, 4))) AS contact_id,
			       ['chat', 'phone', 'email', 'ticket'][(intDiv(number, 4) % 4) + 1] AS channel,
			       ['presale', 'insale', 'aftersale', 'complaint'][(intDiv(number, 16) % 4) + 1] AS queue,
			       concat('a', toString(number % 500)) AS agent_id,
			       if(number % 4 = 1, toUInt32(number % 90000), NULL) AS wait_ms,
			       if(number % 4 = 2, toUInt32(300000 + number % 600000), NULL) AS handle_ms,
			       if(number % 4 = 3, toUInt8(1 + number % 5), NULL) AS csat,
			       'bench' AS source
			FROM numbers({n: UInt64})`,
			query_params: { off, n, fromMs: nowMs - yearMs - 86_400_000, spanMs: yearMs, total: stored },
			clickhouse_settings: { insert_deduplication_token: `bench-fill-${off}` }
		});
		process.stdout.write(`\r  filled ${((off + n) / 1e6).toFixed(0)} M events (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
	}
	process.stdout.write('\n');
	const fillSec = (performance.now() - t0) / 1000;
	const todayStart = DateTime.fromMillis(nowMs, { zone: 'Asia/Shanghai' }).startOf('day').toMillis();
	const sqlTimes: number[] = [];
	for (let k = 0; k < 60; k++) {
		const q0 = performance.now();
		const rs = await client.query({
			query: `/* q:bench/todayByChannel */ SELECT channel, sum(offered) AS offered, sum(answered) AS answered, sum(abandoned) AS abandoned,
			          sum(wait_answered_ms_sum) AS wait_ms, sum(handle_ms_sum) AS handle_ms, sum(handled) AS handled
			        FROM contact_minute WHERE minute >= toDateTime({from: Int64}) GROUP BY channel`,
			query_params: { from: Math.floor(todayStart / 1000) },
			format: 'JSONEachRow'
		});
		await rs.json();
		sqlTimes.push(performance.now() - q0);
	}
	const count = Number(((await (await client.query({ query: 'SELECT count() AS n FROM contact_events', format: 'JSONEachRow' })).json()) as { n: string }[])[0].n);
	await client.close();

	const s0 = performance.now();
	const server = await startServer({ DATA_PATH: dataPath, INGEST_KEYS: `bench:${KEY}`, ADMIN_USERNAME: 'bench', ADMIN_PASSWORD: 'bench-board-password' }, { timeoutMs: 600_000 });
	const cookie = await login(server.url, 'bench', 'bench-board-password');
	const startSec = (performance.now() - s0) / 1000;
	const rebuildLine = /live state rebuilt in [^\n]*/.exec(server.output())?.[0] ?? '';
	const httpTimes: number[] = [];
	for (let k = 0; k < 500; k++) {
		const q0 = performance.now();
		await (await fetch(`${server.url}/api/v1/realtime`, { headers: { cookie } })).json();
		httpTimes.push(performance.now() - q0);
	}
	await server.stop('SIGTERM');
	return { fillSec, count, sqlTimes, httpTimes, startSec, rebuildLine };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-board-'));
try {
	console.log(`wall-board benchmark (Debian chromium, 1920×1080, 2-core machine); simulator normal day at ${args.speed}× day-clock, volume ×${args["volume-scale"]}; floor ${args.agents} agents, ${args.waiting} waiting; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
	if (args.only !== 'scale') await reportLoad(await phaseLoad(join(dir, 'load')));
	if (args.only !== 'load') await reportScale(await phaseScale(join(dir, 'scale'), Number(args.stored)));
} finally {
	rmSync(dir, { recursive: true, force: true });
}

async function reportLoad(a: Awaited<ReturnType<typeof phaseLoad>>) {
	const line = (what: string, xs: number[]) =>
		`${what}: p50 ${pct(xs, 0.5).toFixed(0)} ms, p99 ${pct(xs, 0.99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms over ${xs.length}/${a.probes} probes (target p99 < 1000 ms: ${pct(xs, 0.99) < 1000 ? 'met' : 'NOT met'})`;
	console.log(`floor at the start of the load phase: ${a.floor.agents} agents logged in, ${a.floor.waiting} contacts waiting (agent list: ${a.shownAgents})`);
	console.log(line('event → screen, agent list (/wallboard/agents, agent.state → row)', a.agentLatencies));
	console.log(line('event → screen, drill-down (/wallboard?channel=ticket, arrival → queue row)', a.drillLatencies));
	console.log(`event → screen latency (${a.latencies.length}/${a.probes} probes under ${a.rate.toFixed(0)} simulator events/s): p50 ${pct(a.latencies, 0.5).toFixed(0)} ms, p99 ${pct(a.latencies, 0.99).toFixed(0)} ms, max ${Math.max(...a.latencies).toFixed(0)} ms (target p99 < 1000 ms: ${pct(a.latencies, 0.99) < 1000 ? 'met' : 'NOT met'})`);
	const first = a.samples[0];
	const last = a.samples.at(-1)!;
	// least-squares slope of heap-after-GC against time, skipping the first sample (warm-up)
	const fit = linearRegression(a.samples.slice(1).map((s) => [s.tSec, s.bytes]));
	const perHour = fit.m * 3600;
	console.log(`page JS heap after GC: start ${(first.bytes / 1e6).toFixed(1)} MB, end ${(last.bytes / 1e6).toFixed(1)} MB over ${last.tSec.toFixed(0)} s of pushes (${a.pushes} snapshots received); fitted slope ${(perHour / 1e6).toFixed(2)} MB/h`);
	console.log(`  samples (s: MB): ${a.samples.map((s) => `${s.tSec.toFixed(0)}:${(s.bytes / 1e6).toFixed(1)}`).join(' ')}`);
}

async function reportScale(b: Awaited<ReturnType<typeof phaseScale>>) {
	console.log(`stored events: ${b.count} (filled in ${b.fillSec.toFixed(0)} s); server start on it ${b.startSec.toFixed(1)} s (${b.rebuildLine})`);
	console.log(`snapshot GET /api/v1/realtime (from memory): p50 ${pct(b.httpTimes, 0.5).toFixed(2)} ms, p95 ${pct(b.httpTimes, 0.95).toFixed(2)} ms (target p95 < 20 ms: ${pct(b.httpTimes, 0.95) < 20 ? 'met' : 'NOT met'})`);
	console.log(`reference: the same 'today' numbers by SQL from the per-minute aggregate: p50 ${pct(b.sqlTimes, 0.5).toFixed(1)} ms, p95 ${pct(b.sqlTimes, 0.95).toFixed(1)} ms`);
}
