/**
 * npm run bench:restart — issue 24: a restart after 4 M acknowledged events, reproduced and timed.
 *
 * 1. Fill: `--events` (default 4 000 000) events through the production path — the built server,
 *    WebSocket ingest, validation, dedup, live state, durable batched writes, acks — as a centre's
 *    day: contacts arriving evenly over the last `--hours` (23) hours, each with its whole life
 *    (arrived, answered 5–25 s later, a customer and an agent reply, resolved after 3–5 min, rated
 *    half of the time) sent in one message, and an agent.state every 10th contact (800 agents).
 *    A contact's events are sent together, so the live state never sees a contact of 20 h ago
 *    waiting (a flood of false wait alerts a real day does not have); events after the fill's start
 *    are left out, so the contacts of its last minutes stay open, as at any moment of a real day.
 *    Why the production path rather than rows generated in the engine: the restart reads what the
 *    product wrote — its snapshots, its dedup file, its parts as its batch sizes made them — and
 *    only the production path makes all of these as they are after a real day.
 * 2. Steady: `--steady-sec` (40) seconds at `--rate` (3 000) events/s of live contacts, so a periodic
 *    snapshot (every 30 s) is taken under load and a kill lands between two of them.
 * 3. kill -9 during the steady load, start again and time: port open (first HTTP answer, 503
 *    "starting"), serving (/api/health 200), board showing live figures (the first `snapshot`
 *    message on a kiosk's realtime socket, board token; today's offered contacts compared with the
 *    figure before the kill). Then SIGTERM (stop included) and the same timings.
 * Each restart prints the server's start-up timeline from its log (t+ seconds since its process
 * started), split into storage open, migrations, snapshot read, dedup load, snapshot import, contact
 * tail, agent fold, access control and alert restore (the last is measured alone: it is being
 * changed in another branch).
 *
 * --fill engine instead writes the same contacts (same ids, times, agents, derived waits) by INSERT …
 * SELECT straight into the engine (seconds instead of the production path's minutes, for a busy
 * machine: the shared 2-core one took 1 300 events/s at load 28, 50 min for 4 M). The restart then
 * still reads only what the product wrote itself: the first start replays the seeded day (no
 * snapshot yet — the old, slow path, printed as the first start) and the product writes its own
 * live-state and dedup snapshots during the steady load; the kill -9 tail comes through the
 * production path. What differs from a production fill is the engine's part layout (one large insert
 * instead of thousands merged in the background; the active part count is printed) and that the
 * seeded day raised no alerts.
 *
 * Options: --events N, --hours H, --steady-sec S, --rate R, --fill production|engine, --data DIR
 * (reuse a filled directory; with --events 0 only the restarts are timed), --keep. Needs build/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { spawnSync } from 'node:child_process';
import { startServer, type RunningServer } from '../tests/helpers/server';

const { values: args } = parseArgs({
	options: {
		events: { type: 'string', default: '4000000' },
		hours: { type: 'string', default: '23' },
		'steady-sec': { type: 'string', default: '40' },
		rate: { type: 'string', default: '3000' },
		sockets: { type: 'string', default: '2' },
		window: { type: 'string', default: '8' },
		batch: { type: 'string', default: '1000' },
		/** how the 4 M events get into storage: 'production' (the ingest path) or 'engine' (INSERT … SELECT, see the header) */
		fill: { type: 'string', default: 'production' },
		/** internal: the child process that seeds a data directory in the engine */
		'seed-into': { type: 'string' },
		'seed-until': { type: 'string' },
		data: { type: 'string' },
		keep: { type: 'boolean', default: false }
	}
});
const N = Number(args.events);
const HOURS = Number(args.hours);
const STEADY_SEC = Number(args['steady-sec']);
const RATE = Number(args.rate);
const SOCKETS = Number(args.sockets);
const WINDOW = Number(args.window);
const BATCH = Number(args.batch);
const KEY = 'restart-key-0123456789abcdef';
const BOARD = 'restart-board-token-0123456789';
const ENV = (dir: string) => ({ DATA_PATH: dir, INGEST_KEYS: `crm:${KEY}`, BOARD_TOKENS: `hall:${BOARD}` });
const CHANNELS = ['chat', 'phone', 'email', 'ticket'];
const QUEUES = ['presale', 'insale', 'aftersale', 'complaint'];
const AGENTS = 800;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sec = (ms: number) => (ms / 1000).toFixed(1);

type Ev = Record<string, unknown>;

/** One contact's whole life (ts in order); events after `untilMs` are left out (the contact is still open). */
function contactLife(c: number, t: number, untilMs: number, prefix: string): Ev[] {
	const id = `${prefix}${c}`;
	const channel = CHANNELS[c % 4];
	const queue = QUEUES[(c >> 2) % 4];
	const agent = `ag${c % AGENTS}`;
	const base = { contact_id: id, channel, queue };
	const answered = t + 5_000 + (c % 21) * 1000;
	const resolved = t + 180_000 + (c % 121) * 1000;
	const out: Ev[] = [
		{ event_id: `${id}-a`, ts: t, type: 'contact.arrived', customer_id: `cu${c % 250_000}`, ...base },
		{ event_id: `${id}-b`, ts: answered, type: 'contact.answered', agent_id: agent, team_id: `team${c % 40}`, ...base },
		{ event_id: `${id}-c`, ts: answered + 30_000, type: 'contact.customer_replied', ...base },
		{ event_id: `${id}-d`, ts: answered + 60_000, type: 'contact.agent_replied', agent_id: agent, ...base },
		{ event_id: `${id}-e`, ts: resolved, type: 'contact.resolved', agent_id: agent, ...base }
	];
	if (c % 2 === 0) out.push({ event_id: `${id}-f`, ts: resolved + 20_000, type: 'contact.rated', csat: 1 + (c % 5), nps: c % 11, ...base });
	if (c % 10 === 0) {
		// every 10th contact carries a state change of agent (c / 10) mod 800, so all 800 agents report
		const a = (c / 10) % AGENTS;
		out.push({ event_id: `${id}-s`, ts: t, type: 'agent.state', agent_id: `ag${a}`, team_id: `team${a % 40}`, state: c % 30 === 0 ? 'break' : 'available', channels: [channel], max_concurrency: channel === 'chat' ? 3 : 1 });
	}
	return out.filter((e) => (e.ts as number) <= untilMs);
}

/** The fill's messages, made as they are sent (4 M event objects at once would take gigabytes). */
function* fillMessages(n: number, startMs: number, untilMs: number): Generator<string> {
	const contacts = Math.ceil(n / 5.6); // 5.6 events per contact on average (see contactLife)
	const step = (untilMs - startMs) / contacts;
	let made = 0;
	let c = 0;
	let seq = 0;
	while (made < n) {
		const events: Ev[] = [];
		while (events.length < BATCH && made + events.length < n) {
			const life = contactLife(c, Math.round(startMs + c * step), untilMs, 'r');
			c++;
			events.push(...life.slice(0, n - made - events.length));
		}
		made += events.length;
		yield JSON.stringify({ seq: seq++, events });
	}
}

async function ingestSocket(url: string): Promise<WebSocket> {
	const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/events/stream`, { headers: { authorization: `Bearer ${KEY}` } });
	await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
	return ws;
}

/** Sends every message with WINDOW in flight per socket; resolves with the acknowledged count. */
async function fill(s: RunningServer, messages: Generator<string>): Promise<{ accepted: number; duplicates: number; errors: number }> {
	const totals = { accepted: 0, duplicates: 0, errors: 0 };
	let done = false;
	let lastPrint = performance.now();
	const t0 = performance.now();
	await Promise.all(
		Array.from({ length: SOCKETS }, async () => {
			const ws = await ingestSocket(s.url);
			let inflight = 0;
			await new Promise<void>((resolve, reject) => {
				const pump = () => {
					while (!done && inflight < WINDOW) {
						const m = messages.next();
						if (m.done) {
							done = true;
							break;
						}
						inflight++;
						ws.send(m.value);
					}
					if (done && inflight === 0) resolve();
				};
				ws.on('message', (m) => {
					const a = JSON.parse(m.toString()) as { accepted?: number; duplicates?: number; rejected?: unknown[]; error?: string };
					inflight--;
					if (a.error || (a.rejected?.length ?? 0) > 0) {
						totals.errors++;
						if (totals.errors <= 3) console.log(`  fill: an answer with errors: ${m.toString().slice(0, 300)}`);
					}
					totals.accepted += a.accepted ?? 0;
					totals.duplicates += a.duplicates ?? 0;
					if (performance.now() - lastPrint > 30_000) {
						lastPrint = performance.now();
						const el = (lastPrint - t0) / 1000;
						console.log(`  fill: ${totals.accepted} acknowledged after ${el.toFixed(0)} s (${(totals.accepted / el).toFixed(0)} events/s; load ${loadavg()})`);
					}
					pump();
				});
				ws.once('error', reject);
				pump();
			});
			ws.close();
		})
	);
	return totals;
}

/** Live contacts at RATE events/s until stopped (not awaited: the kill lands while it sends). */
function steadyLoad(s: RunningServer): { stop(): void; acked(): number } {
	let stopped = false;
	let acked = 0;
	let c = 0;
	// ids new to every run, so a re-run on a kept directory (--data) sends new events, not duplicates
	const livePrefix = `live${Date.now().toString(36)}-`;
	void (async () => {
		const ws = await ingestSocket(s.url);
		ws.on('message', (m) => {
			const a = JSON.parse(m.toString()) as { accepted?: number; duplicates?: number };
			acked += (a.accepted ?? 0) + (a.duplicates ?? 0);
		});
		ws.on('error', () => undefined); // the server is killed under it
		const perTick = Math.round(RATE / 10);
		const t0 = performance.now();
		for (let tick = 0; !stopped; tick++) {
			const now = Date.now();
			const events: Ev[] = [];
			while (events.length < perTick) {
				// a contact whose whole life (≤ 5 min 40 s) ended before now: the steady load adds closed contacts,
				// as a steady day does, not an ever-growing pile of open ones
				events.push(...contactLife(c, now - 345_000, now, livePrefix));
				c++;
			}
			if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ seq: tick, events }));
			await new Promise((r) => setTimeout(r, Math.max(0, t0 + (tick + 1) * 100 - performance.now())));
		}
		ws.terminate();
	})();
	return { stop: () => (stopped = true), acked: () => acked };
}

interface BoardFigures {
	atMs: number;
	offeredToday: number;
	waiting: number;
}

/** A kiosk's socket (board token): resolves with the first snapshot's figures, retrying while the server starts. */
async function boardFigures(port: number, t0: number, deadlineMs = 300_000): Promise<BoardFigures> {
	const end = performance.now() + deadlineMs;
	while (performance.now() < end) {
		const got = await new Promise<BoardFigures | null>((resolve) => {
			const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime/stream`, { headers: { cookie: `csops_board=${BOARD}` } });
			const fail = () => {
				ws.terminate();
				resolve(null);
			};
			ws.once('unexpected-response', fail);
			ws.once('error', fail);
			ws.on('message', (m) => {
				const body = JSON.parse(m.toString()) as { type: string; snapshot?: { channels: { today: { offered: number }; waiting: number }[] } };
				if (body.type !== 'snapshot' || !body.snapshot) return;
				const ch = body.snapshot.channels;
				resolve({ atMs: performance.now() - t0, offeredToday: ch.reduce((s, c) => s + c.today.offered, 0), waiting: ch.reduce((s, c) => s + c.waiting, 0) });
				ws.close();
			});
		});
		if (got) return got;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('the board never received a snapshot');
}

/** The start-up steps of one server start, from its log: [name, seconds the step took, t+ at its end]. */
function timeline(output: string): string {
	const lines = output.split('\n');
	const tOf = (re: RegExp): number | null => {
		const l = lines.find((x) => re.test(x));
		const m = l && /t\+(\d+(?:\.\d+)?) s/.exec(l);
		return m ? Number(m[1]) : null;
	};
	const marks: [string, number | null][] = [
		['node ready, loading the app', tOf(/start-up: node ready/)],
		['app loaded, config read, port open', tOf(/listening on/)],
		['storage open', tOf(/start-up: storage opened/)],
		['migrations checked', tOf(/^\[[^\]]+\] storage: .*migrations/)],
		['live-state + dedup snapshots read', tOf(/start-up: snapshots read/)],
		['live state rebuilt (phases below)', tOf(/live state rebuilt in/)],
		['access control loaded', tOf(/start-up: access control loaded/)],
		['alerts restored (issue-24 helper i24b changes this step)', tOf(/start-up: alerts restored/)],
		['runtime ready', tOf(/start-up: runtime ready/)],
		['serving', tOf(/ready: serving on port/)]
	];
	const out: string[] = [];
	let prev = 0;
	for (const [name, t] of marks) {
		if (t === null) {
			out.push(`    ${name.padEnd(58)}   (not in the log)`);
			continue;
		}
		out.push(`    ${name.padEnd(58)} ${`+${(t - prev).toFixed(2)} s`.padStart(9)}   (t+${t.toFixed(2)} s)`);
		prev = Math.max(prev, t);
	}
	const rebuilt = lines.find((l) => /live state rebuilt in/.test(l));
	if (rebuilt) {
		const phases = /— (.*) \(t\+/.exec(rebuilt)?.[1];
		const from = /from (.*?): \d+ known event ids/.exec(rebuilt)?.[1];
		out.push(`      rebuild from ${from ?? '?'}`);
		if (phases) for (const p of phases.split(', ')) out.push(`      · ${p}`);
	}
	for (const l of lines.filter((x) => /dedup memory:|live state: (?!snapshot)|alerts: restored|alerts: .*loaded/.test(x))) out.push(`      ${l.replace(/^\[[^\]]+\] /, '')}`);
	return out.join('\n');
}

interface RestartFigures {
	openMs: number;
	servingMs: number;
	board: BoardFigures;
	server: RunningServer;
}

async function restart(dir: string, s: RunningServer, signal: NodeJS.Signals): Promise<RestartFigures> {
	const port = s.port;
	const t0 = performance.now();
	await s.stop(signal);
	let openMs = Number.NaN;
	let polling = true;
	const poll = (async () => {
		while (polling) {
			try {
				await (await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { connection: 'close' } })).arrayBuffer();
				openMs = performance.now() - t0;
				return;
			} catch {
				await new Promise((r) => setTimeout(r, 50));
			}
		}
	})();
	const boardP = boardFigures(port, t0);
	const next = await startServer(ENV(dir), { port, timeoutMs: 600_000 });
	const servingMs = performance.now() - t0;
	polling = false;
	await poll;
	current = next;
	return { openMs, servingMs, board: await boardP, server: next };
}

/**
 * --fill engine: the same contacts as contactLife (same ids, times, agents, derived wait and handle
 * times) written by two INSERT … SELECT statements straight into the engine, in a child process
 * (one chDB per process and data directory). Takes seconds instead of the production path's minutes.
 */
async function seedEngine(dir: string, n: number, startMs: number, untilMs: number): Promise<void> {
	const { createClient } = await import('@clickhouse/client');
	const { createChdbConnection } = await import('chdb/connection');
	const { bundledMigrations, migrate } = await import('../src/lib/server/storage/migrate');
	const client = createClient({ connection: createChdbConnection({ path: dir }) } as Parameters<typeof createClient>[0]);
	await migrate(client, bundledMigrations(), { cluster: null });
	const contacts = Math.ceil(n / 5.6);
	const params = { start: startMs, step: (untilMs - startMs) / contacts, until: untilMs, contacts };
	const lives = `SELECT number AS c, toInt64({start: Int64} + round(number * {step: Float64})) AS t,
	                      t + 5000 + (c % 21) * 1000 AS answered, t + 180000 + (c % 121) * 1000 AS resolved
	               FROM numbers({contacts: UInt64})`;
	await client.command({
		query: `INSERT INTO contact_events (event_id, ts, received_at, type, contact_id, channel, queue, agent_id, team_id, customer_id, csat, nps, wait_ms, handle_ms, source)
		SELECT concat('r', toString(c), '-', arrayElement(['a', 'b', 'c', 'd', 'e', 'f'], k + 1)),
		       fromUnixTimestamp64Milli(ev_ts), fromUnixTimestamp64Milli(ev_ts + 1000),
		       arrayElement(['contact.arrived', 'contact.answered', 'contact.customer_replied', 'contact.agent_replied', 'contact.resolved', 'contact.rated'], k + 1),
		       concat('r', toString(c)), arrayElement(['chat', 'phone', 'email', 'ticket'], c % 4 + 1), arrayElement(['presale', 'insale', 'aftersale', 'complaint'], intDiv(c, 4) % 4 + 1),
		       if(k IN (1, 3, 4), concat('ag', toString(c % ${AGENTS})), ''), if(k = 1, concat('team', toString(c % 40)), ''), if(k = 0, concat('cu', toString(c % 250000)), ''),
		       if(k = 5, toNullable(toUInt8(1 + c % 5)), NULL), if(k = 5, toNullable(toUInt8(c % 11)), NULL),
		       if(k = 1, toNullable(toUInt32(answered - t)), NULL), if(k = 4, toNullable(toUInt32(resolved - answered)), NULL), 'crm'
		FROM (${lives}) ARRAY JOIN [0, 1, 2, 3, 4, 5] AS k
		WHERE (k < 5 OR c % 2 = 0)
		  AND (multiIf(k = 0, t, k = 1, answered, k = 2, answered + 30000, k = 3, answered + 60000, k = 4, resolved, resolved + 20000) AS ev_ts) <= {until: Int64}`,
		query_params: params
	});
	await client.command({
		query: `INSERT INTO agent_events (event_id, ts, received_at, agent_id, team_id, state, channels, max_concurrency, source)
		SELECT concat('r', toString(c), '-s'), fromUnixTimestamp64Milli(t), fromUnixTimestamp64Milli(t + 1000), concat('ag', toString(intDiv(c, 10) % ${AGENTS})), concat('team', toString(intDiv(c, 10) % ${AGENTS} % 40)),
		       if(c % 30 = 0, 'break', 'available'), [arrayElement(['chat', 'phone', 'email', 'ticket'], c % 4 + 1)], if(c % 4 = 0, 3, 1), 'crm'
		FROM (${lives}) WHERE c % 10 = 0 AND t <= {until: Int64}`,
		query_params: params
	});
	await client.close();
}

if (args['seed-into']) {
	const until = Number(args['seed-until']);
	await seedEngine(args['seed-into'], N, until - HOURS * 3_600_000, until);
	process.exit(0);
}

const dir = args.data ?? mkdtempSync(join(tmpdir(), 'bench-restart-'));
console.log(`restart benchmark: fill ${N} events over ${HOURS} h of a day ${args.fill === 'engine' ? 'by INSERT … SELECT in the engine' : 'through the production server'}, ${STEADY_SEC} s of live load at ${RATE} events/s, then kill -9 and SIGTERM restarts; data ${dir}; 2-core shared machine, load average at start ${loadavg()}`);
if (N > 0 && args.fill === 'engine') {
	const t0 = performance.now();
	const until = Date.now();
	const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--seed-into', dir, '--seed-until', String(until), '--events', String(N), '--hours', String(HOURS)], { stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`seeding the engine failed (exit ${r.status})`);
	console.log(`fill (engine): the day's events written by INSERT … SELECT in ${sec(performance.now() - t0)} s; the first start replays them (no snapshot yet) and the product then writes its own snapshots`);
}
let t0 = performance.now();
// the first start on a seeded directory replays the day (no snapshot yet): up to many minutes on a busy machine
let current = await startServer(ENV(dir), { timeoutMs: 3_600_000 });
process.on('exit', () => current.proc.exitCode === null && current.proc.kill('SIGKILL'));
console.log(`first start on this directory: serving after ${sec(performance.now() - t0)} s; timeline:\n${timeline(current.output())}`);
if (N > 0 && args.fill !== 'engine') {
	const fillStart = Date.now();
	t0 = performance.now();
	const r = await fill(current, fillMessages(N, fillStart - HOURS * 3_600_000, fillStart));
	const el = (performance.now() - t0) / 1000;
	console.log(`fill: ${r.accepted} acknowledged (${r.duplicates} duplicates, ${r.errors} answers with errors) in ${el.toFixed(0)} s = ${(r.accepted / el).toFixed(0)} events/s through the production path (load ${loadavg()})`);
}
const health = (await (await fetch(`${current.url}/api/health`)).json()) as {
	events: { contact: number; agent: number };
	ingest: { knownIds: number; dedupHorizonMs: number | null };
	storage: { memory: { activeParts: number } | null };
};
console.log(
	`stored: ${health.events.contact} contact + ${health.events.agent} agent events (${health.storage.memory?.activeParts ?? '?'} active parts); dedup memory ${health.ingest.knownIds} ids, horizon ${health.ingest.dedupHorizonMs === null ? 'none' : new Date(health.ingest.dedupHorizonMs).toISOString()}`
);

const steady = steadyLoad(current);
await new Promise((r) => setTimeout(r, STEADY_SEC * 1000));
const before = await boardFigures(current.port, performance.now());
console.log(`steady: ${steady.acked()} events acknowledged in ${STEADY_SEC} s of live load; the board showed ${before.offeredToday} contacts offered today, ${before.waiting} waiting; kill -9 now, while sending`);
const k = await restart(dir, current, 'SIGKILL');
steady.stop();
const report = (what: string, r: RestartFigures, ref: BoardFigures) => {
	const ok = r.servingMs <= 10_000 ? 'met' : 'NOT met';
	console.log(
		`${what}: port open (503 "starting") after ${sec(r.openMs)} s, serving (/api/health 200) after ${sec(r.servingMs)} s (target ≤ 10 s: ${ok}), board showing live figures after ${sec(r.board.atMs)} s (${r.board.offeredToday} offered today, ${r.board.waiting} waiting; before: ${ref.offeredToday}, ${ref.waiting})`
	);
	console.log(`  start-up timeline (from the server's log):\n${timeline(r.server.output())}`);
};
report('restart after kill -9', k, before);
await new Promise((r) => setTimeout(r, 2_000));
const beforeTerm = await boardFigures(k.server.port, performance.now());
const t = await restart(dir, k.server, 'SIGTERM');
report('restart after SIGTERM (stop included)', t, beforeTerm);
if (t.board.offeredToday !== beforeTerm.offeredToday) console.log(`  NOTE: the board's offered-today figure changed across a clean restart (${beforeTerm.offeredToday} → ${t.board.offeredToday})`);
console.log(`load average (uptime) at the end: ${loadavg()}`);
await t.server.stop('SIGTERM');
if (args.keep || args.data) console.log(`data directory kept: ${dir} (time restarts on it again: npm run bench:restart -- --data ${dir} --events 0)`);
else rmSync(dir, { recursive: true, force: true });
