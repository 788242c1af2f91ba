/**
 * npm run simulate -- --scenario <normal|double11|618|outage> --speed <x ≤ 60> [--url …] [--key …]
 *
 * Plays a scenario against a running server over the real WebSocket ingest endpoint
 * (docs/events.md): each message is {"seq": n, "events": [...]}, answered with
 * {seq, accepted, duplicates, rejected} after the durable write. At most MAX_INFLIGHT messages are
 * unanswered at a time; after a reconnect every unanswered message is resent (the server's dedup by
 * event_id makes that safe). See docs/simulator.md for the model and the meaning of --speed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import WebSocket from 'ws';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../src/lib/server/config/defaults';
import { ArgError, parseSimulateArgs, SIMULATE_USAGE, type SimulateArgs } from '../src/lib/server/simulator/cliArgs';
import { createSimulator, type SimEvent } from '../src/lib/server/simulator/simulator';

const MAX_INFLIGHT = 8;
const MAX_EVENTS_PER_MESSAGE = 2000;
const TICK_MS = 250;
const PROGRESS_MS = 5000;
const DRAIN_TIMEOUT_MS = 30_000;

const timezone = process.env.TIMEZONE ?? 'Asia/Shanghai';

function readLocalKey(): string | null {
	const file = join(resolve(process.env.DATA_PATH ?? './data'), 'ingest-key');
	if (!existsSync(file)) return null;
	const key = readFileSync(file, 'utf8').trim();
	return key.length > 0 ? key : null;
}

function parseOrExit(): SimulateArgs {
	try {
		return parseSimulateArgs(process.argv.slice(2), process.env, readLocalKey);
	} catch (err) {
		if (err instanceof ArgError) {
			console.error(`simulate: ${err.message}`);
			process.exit(2);
		}
		throw err;
	}
}
const args = parseOrExit();
if (args.help) {
	console.log(SIMULATE_USAGE);
	process.exit(0);
}
if (!args.key) {
	console.error(
		'simulate: no ingest key: pass --key, set INGEST_KEY, or run the server once so that it writes <DATA_PATH or ./data>/ingest-key'
	);
	process.exit(2);
}
let simStartMs: number | undefined;
if (args.simStart) {
	const dt = DateTime.fromISO(args.simStart, { zone: timezone });
	if (!dt.isValid) {
		console.error(`simulate: --sim-start ${JSON.stringify(args.simStart)} is not a valid date and time in ${timezone}`);
		process.exit(2);
	}
	simStartMs = dt.toMillis();
}
if (args.outageChannel && !DEFAULT_CHANNELS.some((c) => c.id === args.outageChannel)) {
	console.error(`simulate: --outage-channel ${args.outageChannel} is not a configured channel; allowed: ${DEFAULT_CHANNELS.map((c) => c.id).join(', ')}`);
	process.exit(2);
}

const startMs = Date.now();
const sim = createSimulator({
	seed: args.seed,
	channels: DEFAULT_CHANNELS,
	queues: DEFAULT_QUEUES,
	timezone,
	scenario: args.scenario,
	speed: args.speed,
	startMs,
	volumeScale: args.volumeScale,
	simStartMs,
	outageChannel: args.outageChannel ?? undefined,
	agentIdPrefix: `${args.scenario}-`
});
const durationMs = args.durationMin !== null ? args.durationMin * 60_000 : sim.plan.simLengthMs / args.speed;
const endMs = startMs + durationMs;
const key = args.key;

interface Message {
	seq: number;
	events: SimEvent[];
	text: string;
}

let seq = 0;
const outbox: Message[] = [];
const unacked = new Map<number, Message>();
const totals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, resent: 0, reconnects: 0 };
let ws: WebSocket | null = null;
let connected = false;
let everConnected = false;
let reconnectDelayMs = 1000;
let finishing = false;
let finished = false;

const localTime = (ms: number) => DateTime.fromMillis(ms, { zone: timezone }).toFormat('yyyy-MM-dd HH:mm');

function enqueue(events: SimEvent[]): void {
	for (let i = 0; i < events.length; i += MAX_EVENTS_PER_MESSAGE) {
		const part = events.slice(i, i + MAX_EVENTS_PER_MESSAGE);
		const m: Message = { seq: ++seq, events: part, text: '' };
		m.text = JSON.stringify({ seq: m.seq, events: part });
		outbox.push(m);
	}
}

function flush(): void {
	while (connected && ws && unacked.size < MAX_INFLIGHT && outbox.length > 0) {
		const m = outbox.shift()!;
		unacked.set(m.seq, m);
		ws.send(m.text);
		totals.sent += m.events.length;
	}
}

function onAnswer(data: WebSocket.RawData): void {
	let a: { seq?: number; accepted?: number; duplicates?: number; rejected?: unknown[]; error?: string; retryAfterSec?: number };
	try {
		a = JSON.parse(data.toString());
	} catch {
		console.error(`simulate: unreadable answer from the server: ${data.toString().slice(0, 200)}`);
		return;
	}
	const m = typeof a.seq === 'number' ? unacked.get(a.seq) : undefined;
	if (a.error !== undefined) {
		console.error(`simulate: message ${a.seq ?? '?'} not stored: ${a.error}`);
		if (m) {
			// the server stored nothing of it: resend after its Retry-After
			unacked.delete(m.seq);
			totals.sent -= m.events.length;
			totals.resent += m.events.length;
			setTimeout(() => {
				outbox.unshift(m);
				flush();
			}, (a.retryAfterSec ?? 1) * 1000);
		}
		return;
	}
	if (!m) return; // an answer to a message resent after a reconnect, already counted
	unacked.delete(m.seq);
	totals.accepted += a.accepted ?? 0;
	totals.duplicates += a.duplicates ?? 0;
	const rejected = a.rejected ?? [];
	if (rejected.length > 0) {
		totals.rejected += rejected.length;
		console.error(`simulate: ${rejected.length} events of message ${m.seq} rejected: ${JSON.stringify(rejected.slice(0, 3))}`);
	}
	flush();
}

function connect(): void {
	const socket = new WebSocket(args.url, { headers: { Authorization: `Bearer ${key}` } });
	ws = socket;
	socket.on('open', () => {
		connected = true;
		everConnected = true;
		reconnectDelayMs = 1000;
		if (unacked.size > 0) {
			// unanswered messages may or may not have been stored: resend them first, in order
			const again = [...unacked.values()].sort((x, y) => x.seq - y.seq);
			unacked.clear();
			for (const m of again) {
				totals.sent -= m.events.length;
				totals.resent += m.events.length;
			}
			outbox.unshift(...again);
		}
		flush();
	});
	socket.on('message', onAnswer);
	socket.on('unexpected-response', (_req, res) => {
		if (res.statusCode === 401) {
			console.error(`simulate: the server refused the ingest key (401) at ${args.url}; check --key / INGEST_KEY`);
			process.exit(1);
		}
		console.error(`simulate: the server answered the upgrade with HTTP ${res.statusCode}`);
		socket.terminate();
	});
	socket.on('error', (err) => {
		if (connected) return;
		if (!everConnected) {
			// Nothing listens there: retrying would hide a wrong address. Say what to pass instead.
			console.error(
				`simulate: cannot connect to ${args.url} (${(err as NodeJS.ErrnoException).code ?? err.message}).\n` +
					`  Is the server running? Start it with \`npm start\` in this checkout (it listens on PORT, default 3000),\n` +
					`  or point to it: --url ws://HOST:PORT/api/v1/events/stream --key <ingest key> (see --help).`
			);
			process.exit(2);
		}
		console.error(`simulate: cannot reconnect to ${args.url}: ${err.message}; retrying in ${reconnectDelayMs / 1000} s`);
	});
	socket.on('close', (code) => {
		const was = connected;
		connected = false;
		ws = null;
		if (finished) return;
		if (was) console.error(`simulate: connection closed (${code}); reconnecting`);
		totals.reconnects++;
		setTimeout(connect, reconnectDelayMs);
		reconnectDelayMs = Math.min(10_000, reconnectDelayMs * 2);
	});
}

function progress(): void {
	const now = Date.now();
	const st = sim.stats();
	const waiting = st.channels.map((c) => `${c.channel} ${c.waiting}w/${c.agentsLoggedIn}a`).join(' ');
	console.log(
		`[scenario ${localTime(sim.simTimeAt(now))}] sent ${totals.sent} accepted ${totals.accepted} duplicates ${totals.duplicates} rejected ${totals.rejected}` +
			` | unanswered ${unacked.size} queued ${outbox.length}${connected ? '' : ' (disconnected)'} | ${waiting}`
	);
}

async function finish(reason: string): Promise<void> {
	if (finishing) return;
	finishing = true;
	clearInterval(ticker);
	clearInterval(reporter);
	console.log(`simulate: ${reason}; closing open contacts and logging agents out`);
	enqueue(sim.shutdown(Date.now()));
	flush();
	const deadline = Date.now() + DRAIN_TIMEOUT_MS;
	while ((outbox.length > 0 || unacked.size > 0) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 100));
		flush();
	}
	finished = true;
	progress();
	const lost = outbox.reduce((n, m) => n + m.events.length, 0) + [...unacked.values()].reduce((n, m) => n + m.events.length, 0);
	console.log(
		`simulate: done. ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejected} rejected, ${totals.resent} resent, ${totals.reconnects} reconnects` +
			(lost > 0 ? `; ${lost} events NOT acknowledged` : '')
	);
	ws?.close();
	process.exit(lost > 0 || totals.rejected > 0 ? 1 : 0);
}

console.log(
	`simulate: scenario ${args.scenario} at ${args.speed}× from ${localTime(sim.plan.simStartMs)} (${timezone}) for ${(durationMs / 60_000).toFixed(1)} wall minutes → ${args.url}` +
		(sim.plan.outage
			? `; ${sim.plan.outage.channel} stops answering ${Math.round((sim.plan.outage.fromMs - startMs) / 1000)}–${Math.round((sim.plan.outage.toMs - startMs) / 1000)} s in`
			: '')
);
connect();
const ticker = setInterval(() => {
	const now = Date.now();
	if (now >= endMs) {
		void finish('duration reached');
		return;
	}
	const events = sim.advance(now);
	if (events.length > 0) enqueue(events);
	flush();
}, TICK_MS);
const reporter = setInterval(progress, PROGRESS_MS);
process.on('SIGINT', () => void finish('interrupted'));
process.on('SIGTERM', () => void finish('terminated'));
