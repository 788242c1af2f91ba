/**
 * npm run bench:soak -- --minutes 10 — issue 24's soak: a steady `--rate` events/s (default 3 000) over
 * WebSocket into the production server for `--minutes`, then a restart. Prints:
 * - the server's RSS over time and its slope (MB/min, least squares over the second half, after
 *   warm-up), with the dedup memory's size and horizon from /api/health, and where RSS goes: JS heap
 *   (used), external (Buffers/ArrayBuffers, the dedup tables among them), the engine's tracked memory
 *   (chDB: queries, merges, mark and uncompressed caches) and the rest (code, allocator slack) —
 *   each with its slope, so growth can be pinned on one of them;
 * - ack latency per message (p50/p99/max);
 * - the restart time after the soak: SIGKILL (the snapshot is up to 60 s old, plus the tail) and
 *   SIGTERM (a fresh snapshot), each from the signal until /api/health answers 200, with the
 *   server's start-up timeline (t+ seconds since its process started, per step).
 *
 * Options: --minutes M (10), --rate R (3000), --sockets K (2), --tick-ms T (100: one message per socket
 * per tick). Needs build/ (npm run build). The load generator runs on the same machine.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../tests/helpers/server';
import { summariseProfile, type CpuProfile } from './profileSummary';
import { heapDiff } from './heapDiff';
import { RESOLVED_HELD_MAX } from '../alerts/pipeline/prune';

const { values: args } = parseArgs({
	options: {
		minutes: { type: 'string', default: '10' },
		rate: { type: 'string', default: '3000' },
		sockets: { type: 'string', default: '2' },
		'tick-ms': { type: 'string', default: '100' },
		/** keep the data directory (printed) to time restarts on it again with --data */
		keep: { type: 'boolean', default: false },
		/** use this data directory (kept by an earlier --keep run); with --minutes 0 only the restarts are timed */
		data: { type: 'string' },
		/** stop the soaked server with SIGTERM first (a CPU profile, CSOPS_PROFILE_DIR=…, is written only on a clean exit) */
		'term-first': { type: 'boolean', default: false },
		/** write two heap snapshots of the soaked server into DIR (at a third of the soak and at its end) and print what grew between them */
		'heap-snapshots': { type: 'string' },
		/** extra V8/Node flags for the soaked server (e.g. --node-flags=--max-semi-space-size=64; quote several: --node-flags="--a --b"), after the default ones (tests/helpers/server.ts) */
		'node-flags': { type: 'string', default: '' },
		/** run the soaked server without the default V8 flags (to measure them) */
		'no-default-flags': { type: 'boolean', default: false }
	}
});
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const SOCKETS = Number(args.sockets);
const TICK_MS = Number(args['tick-ms']);
const KEY = 'soak-key-0123456789abcdef';
const CHANNELS = ['chat', 'phone', 'email', 'ticket'];
const QUEUES = ['presale', 'insale', 'aftersale', 'complaint'];

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
	const n = points.length;
	const mx = points.reduce((s, [x]) => s + x, 0) / n;
	const my = points.reduce((s, [, y]) => s + y, 0) / n;
	const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
	const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
	return sxy / sxx;
}

/** user + system CPU seconds of a process so far (/proc/PID/stat, clock ticks of 1/100 s) */
const cpuSec = (pid: number) => {
	const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(f[11]) + Number(f[12])) / 100;
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * A chat's life as 10 events: arrived now; answered 5-25 s later; 7 replies (agent and customer in
 * turn) 5 s apart; resolved 5 s after the last. At 3 000 events/s that is 300 chats a second, about
 * 4 500 waiting and 18 000 open at a time — a Double-11 peak of a large centre (issue 24 speaks of
 * 5 000 waiting chats), so the live state is steady and any RSS growth is the ingester's own.
 *
 * New chats start at a fixed rate (a tenth of the event rate) and every follow-up goes out in the
 * tick it is due, so the offered rate ramps up over the first ≈ 65 s (a chat's life) and then holds
 * (the printed offered rate is the average including that ramp). (Until 2026-12-02 follow-ups were capped at the tick's share too, and at
 * a utilisation of exactly 1 that queue only grew: replies went out up to ≈ 50 s after their
 * timestamps, so chat customer-waiting clocks crossed 30 s and open alerts grew ≈ 90 a minute —
 * the generator's lag, not the server's.)
 */
class Generator {
	private c = 0;
	/** follow-up events by the 100 ms tick they are due in (no sorting, no O(n) shifts) */
	private due = new Map<number, Record<string, unknown>[]>();
	private nextTick = -1;
	/** new chats owed (fractional when the tick's share of the rate is not a multiple of 10) */
	private owed = 0;
	private later(atMs: number, e: Record<string, unknown>) {
		const k = Math.floor(atMs / 100);
		let list = this.due.get(k);
		if (!list) this.due.set(k, (list = []));
		list.push(e);
	}
	/** The events of one tick: every follow-up due by `nowMs`, then `n / 10` new chats (10 events each over ≈ 65 s). */
	next(n: number, nowMs: number): Record<string, unknown>[] {
		const out: Record<string, unknown>[] = [];
		const nowTick = Math.floor(nowMs / 100);
		if (this.nextTick < 0) this.nextTick = nowTick;
		for (; this.nextTick <= nowTick; this.nextTick++) {
			const list = this.due.get(this.nextTick);
			if (list) for (const e of list) out.push(e);
			this.due.delete(this.nextTick);
		}
		this.owed += n / 10;
		for (; this.owed >= 1; this.owed--) {
			const id = `s${this.c}`;
			const channel = CHANNELS[this.c % 4];
			const queue = QUEUES[(this.c >> 2) % 4];
			const agent = `ag${this.c % 800}`;
			const base = { contact_id: id, channel, queue };
			out.push({ event_id: `${id}-0`, ts: nowMs, type: 'contact.arrived', ...base });
			let t = nowMs + 5_000 + (this.c % 21) * 1000;
			this.later(t, { event_id: `${id}-1`, ts: t, type: 'contact.answered', agent_id: agent, ...base });
			for (let k = 0; k < 7; k++) {
				t += 5_000;
				const type = k % 2 === 0 ? 'contact.customer_replied' : 'contact.agent_replied';
				this.later(t, { event_id: `${id}-${k + 2}`, ts: t, type, ...(type === 'contact.agent_replied' ? { agent_id: agent } : {}), ...base });
			}
			t += 5_000;
			this.later(t, { event_id: `${id}-9`, ts: t, type: 'contact.resolved', agent_id: agent, ...base });
			this.c++;
		}
		return out;
	}
}

async function health(s: RunningServer, attempt = 0): Promise<HealthBody> {
	try {
		return (await (await fetch(`${s.url}/api/health`)).json()) as HealthBody;
	} catch (err) {
		// a pooled keep-alive connection the server closed after its 5 s idle timeout: try a new one
		if (attempt < 3) return health(s, attempt + 1);
		throw err;
	}
}

type HealthBody = {
	events: { contact: number; agent: number };
	memory: { rssBytes: number; heapTotalBytes: number; heapUsedBytes: number; externalBytes: number; arrayBuffersBytes: number };
	storage: { memory: { trackedBytes: number; markCacheBytes: number; uncompressedCacheBytes: number; primaryKeyBytes: number; activeParts: number; mergesRunning: number } | null };
	ingest: { knownIds: number; dedupBytes: number; dedupHorizonMs: number | null; accepted: number };
	alerts: { held?: { alerts: number; resolved: number; logEntries: number } };
};

async function timeRestart(dir: string, s: RunningServer, signal: NodeJS.Signals): Promise<{ ms: number; openMs: number; server: RunningServer; log: string }> {
	const port = s.port;
	const t0 = performance.now();
	await s.stop(signal);
	// port open = the first HTTP answer of any status (503 "starting" while the runtime rebuilds)
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
	const next = await startServer({ DATA_PATH: dir, INGEST_KEYS: `soak:${KEY}` }, { port, timeoutMs: 300_000, nodeArgs: NODE_FLAGS, defaultFlags: !args['no-default-flags'] });
	polling = false;
	await poll;
	live = next;
	const ms = performance.now() - t0;
	// the start-up timeline: node ready, storage, snapshots, rebuild phases, … listening
	const log = next
		.output()
		.split('\n')
		.filter((l) => /start-up:|storage:|alerts:|live state|dedup memory:|listening on|ready:/.test(l))
		.map((l) => `    ${l.replace(/^\[[^\]]+\] /, '')}`)
		.join('\n');
	return { ms, openMs, server: next, log };
}

const dir = args.data ?? mkdtempSync(join(tmpdir(), 'bench-soak-'));
console.log(`soak: ${RATE} events/s for ${MINUTES} min over ${SOCKETS} WebSocket(s), one message per socket every ${TICK_MS} ms; load generator on the same (shared, 2-core) machine; load average at start ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
const HEAP_DIR = args['heap-snapshots'];
if (HEAP_DIR) mkdirSync(HEAP_DIR, { recursive: true });
// --heap-snapshots: the soaked server writes a heap snapshot on SIGUSR2 (writing one stalls it for seconds)
const heapEnv: Record<string, string> = HEAP_DIR ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${HEAP_DIR}`.trim() } : {};
const NODE_FLAGS = (args['node-flags'] ?? '').split(/\s+/).filter(Boolean);
// the soaked server logs its GC pauses, retained heap and event-loop delay every 10 s (scripts/server.js)
let server = await startServer(
	{ DATA_PATH: dir, INGEST_KEYS: `soak:${KEY}`, CSOPS_GC_LOG_SEC: '10', ...heapEnv },
	{ timeoutMs: 300_000, nodeArgs: NODE_FLAGS, defaultFlags: !args['no-default-flags'] }
);
console.log(`soaked server: node ${server.nodeArgs.join(' ') || '(no flags)'}`);
const heapFiles: string[] = [];
/** asks the server for a heap snapshot and waits until its file is complete (its size stops changing) */
async function heapSnapshot(): Promise<void> {
	const before = new Set(readdirSync(HEAP_DIR!));
	process.kill(server.proc.pid!, 'SIGUSR2');
	let file: string | undefined;
	let size = -1;
	for (;;) {
		await new Promise((r) => setTimeout(r, 1000));
		file ??= readdirSync(HEAP_DIR!).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
		if (!file) continue;
		const now = statSync(join(HEAP_DIR!, file)).size;
		if (now === size && now > 0) break;
		size = now;
	}
	heapFiles.push(join(HEAP_DIR!, file));
	console.log(`  heap snapshot written: ${join(HEAP_DIR!, file)} (${(size / 1048576).toFixed(0)} MB)`);
}
let heapTaken = false;
// never leave a server behind, whatever ends this process
let live: RunningServer = server;
process.on('exit', () => live.proc.exitCode === null && live.proc.kill('SIGKILL'));
type GcStats = { sec: number; scavenges: number; scavengeMs: number; scavengeMaxMs: number; majors: number; majorMs: number; majorMaxMs: number; retainedMb: number | null; heapUsedMb: number; heapLimitMb: number; loopP99Ms: number; loopMaxMs: number };
/** the soaked server's `gc-stats` lines (scripts/server.js, every 10 s), with the soak minute they were read at */
const gcLog: { minutes: number; s: GcStats }[] = [];
let gcReadTo = 0;
const gen = new Generator();
let endAtForLog = Number.POSITIVE_INFINITY;
const latencies: number[] = [];
/** when each latency was measured (performance.now()), for the last third's p99 */
const latencyAt: number[] = [];
let sent = 0;
let acked = 0;
let errors = 0;
const socks = await Promise.all(
	Array.from({ length: SOCKETS }, async () => {
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/events/stream`, { headers: { authorization: `Bearer ${KEY}` } });
		await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
		const sentAt = new Map<number, number>();
		ws.on('message', (m) => {
			const a = JSON.parse(m.toString()) as { seq: number; accepted?: number; duplicates?: number; error?: string };
			if (a.error) errors++;
			else acked += (a.accepted ?? 0) + (a.duplicates ?? 0);
			latencies.push(performance.now() - sentAt.get(a.seq)!);
			latencyAt.push(performance.now());
			sentAt.delete(a.seq);
		});
		ws.on('close', (code, reason) => {
			if (performance.now() < endAtForLog) console.log(`  a load socket closed during the soak: ${code} ${reason.toString()} (${sentAt.size} messages unanswered)`);
		});
		ws.on('error', (err) => console.log(`  load socket error: ${err.message}`));
		return { ws, sentAt, seq: 0 };
	})
);
const perMessage = Math.round((RATE * TICK_MS) / 1000 / SOCKETS);
const rss: [number, number][] = [];
/** [minutes, MB] per component of RSS, from /api/health every 10 s */
const parts: Record<'heapUsed' | 'heapTotal' | 'external' | 'engine' | 'markCache' | 'other', [number, number][]> = { heapUsed: [], heapTotal: [], external: [], engine: [], markCache: [], other: [] };
const MB = 1048576;
/** [minutes, count] of open and of resolved alerts the engine holds and [minutes, MiB] of the dedup tables: the two stores the retained heap grows with until their caps */
const heldAlerts: [number, number][] = [];
const heldResolved: [number, number][] = [];
const dedupMb: [number, number][] = [];
const cpu0 = cpuSec(server.proc.pid!);
const t0 = performance.now();
const endAt = t0 + MINUTES * 60_000;
endAtForLog = endAt;
let nextSample = t0;
let tick = 0;
while (performance.now() < endAt) {
	const now = Date.now();
	// one tick's events (follow-ups on time, new chats to fill the rate), split over the sockets
	const tickEvents = gen.next(perMessage * SOCKETS, now);
	const share = Math.ceil(tickEvents.length / SOCKETS);
	socks.forEach((s, i) => {
		const events = tickEvents.slice(i * share, (i + 1) * share);
		if (events.length === 0) return;
		s.sentAt.set(s.seq, performance.now());
		s.ws.send(JSON.stringify({ seq: s.seq++, events }));
		sent += events.length;
	});
	if (performance.now() >= nextSample) {
		const minutes = (performance.now() - t0) / 60_000;
		const mb = rssMb(server.proc.pid!);
		rss.push([minutes, mb]);
		// not awaited: the load must go on while the server answers (a slow health call stalled the sender)
		const print = rss.length % 6 === 1;
		readGc(minutes, print);
		const counts = `${sent} sent, ${acked} acked, ${errors} error answers`;
		void health(server).then((h) => sample(h, minutes, mb, print, counts), (err: Error) => console.log(`  health failed: ${err.message}`));
		nextSample += 10_000;
	}
	if (HEAP_DIR && !heapTaken && performance.now() - t0 >= (MINUTES * 60_000) / 3) {
		heapTaken = true;
		// a heap that holds a backlog of unanswered messages says nothing about a leak (and its snapshot is huge)
		if (sent - acked > RATE * 10) console.log(`  heap snapshots skipped: the server is ${sent - acked} events behind (more than 10 s of load); its heap holds that backlog`);
		else void heapSnapshot();
	}
	tick++;
	// always yield, even when behind: the acks are read on this same event loop
	const wait = Math.max(0, t0 + tick * TICK_MS - performance.now());
	await new Promise((r) => setTimeout(r, wait));
}
function readGc(minutes: number, print: boolean): void {
	const out = server.output();
	const complete = out.lastIndexOf('\n') + 1;
	for (const l of out.slice(gcReadTo, complete).split('\n')) {
		const m = /gc-stats (\{.*\})/.exec(l);
		if (m) gcLog.push({ minutes, s: JSON.parse(m[1]) as GcStats });
	}
	gcReadTo = Math.max(gcReadTo, complete);
	const g = gcLog.at(-1)?.s;
	if (print && g) {
		console.log(
			`    GC (last ${g.sec} s): ${g.scavenges} scavenges ${g.scavengeMs} ms (max ${g.scavengeMaxMs}), ${g.majors} mark-compacts ${g.majorMs} ms (max ${g.majorMaxMs}); heap used ${g.heapUsedMb} MB, after the last mark-compact ${g.retainedMb ?? 'n/a'} MB (limit ${g.heapLimitMb}); event loop delay p99 ${g.loopP99Ms} ms, max ${g.loopMaxMs} ms`
		);
	}
}
/** What the alert engine holds in memory (open and resolved alerts, log entries). */
function heldText(h: HealthBody): string {
	const a = h.alerts.held;
	return a ? `alerts held ${a.alerts} (${a.resolved} resolved), ${a.logEntries} log entries` : 'alerts held n/a';
}
function sample(h: HealthBody, minutes: number, mb: number, print: boolean, counts: string): void {
	const m = h.memory;
	const engine = (h.storage.memory?.trackedBytes ?? 0) / MB;
	if (h.alerts.held) {
		heldAlerts.push([minutes, h.alerts.held.alerts - h.alerts.held.resolved]);
		heldResolved.push([minutes, h.alerts.held.resolved]);
	}
	dedupMb.push([minutes, h.ingest.dedupBytes / MB]);
	parts.heapUsed.push([minutes, m.heapUsedBytes / MB]);
	parts.heapTotal.push([minutes, m.heapTotalBytes / MB]);
	parts.external.push([minutes, m.externalBytes / MB]);
	parts.engine.push([minutes, engine]);
	parts.markCache.push([minutes, (h.storage.memory?.markCacheBytes ?? 0) / MB]);
	parts.other.push([minutes, (m.rssBytes - m.heapTotalBytes - m.externalBytes) / MB - engine]);
	if (print) {
		const e = h.storage.memory;
		console.log(
			`  ${minutes.toFixed(1)} min: RSS ${mb.toFixed(0)} MB (heap ${(m.heapUsedBytes / MB).toFixed(0)}/${(m.heapTotalBytes / MB).toFixed(0)} MB used/total, external ${(m.externalBytes / MB).toFixed(0)} MB, engine tracked ${engine.toFixed(0)} MB${e ? ` [mark cache ${(e.markCacheBytes / MB).toFixed(1)}, uncompressed ${(e.uncompressedCacheBytes / MB).toFixed(1)}, primary keys ${(e.primaryKeyBytes / MB).toFixed(1)} MB; ${e.activeParts} parts, ${e.mergesRunning} merges]` : ''}), ${counts}, dedup ${h.ingest.knownIds} ids in ${(h.ingest.dedupBytes / MB).toFixed(0)} MiB, ${heldText(h)}`
		);
	}
}
const until = performance.now() + 60_000;
while (acked + errors * perMessage < sent && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
for (const s of socks) s.ws.close();
if (HEAP_DIR && heapFiles.length === 1) {
	await heapSnapshot();
	const [first, second] = heapFiles as (string | undefined)[];
	if (first && second) console.log(`heap growth between the two snapshots (by constructor / kind, self size):\n${heapDiff(first, second)}`);
}
const serverCpu = cpuSec(server.proc.pid!) - cpu0;
const h = await health(server);
const elapsedMin = (performance.now() - t0) / 60_000;
const half = rss.filter(([m]) => m >= MINUTES / 2);
console.log(`sent ${sent} events in ${elapsedMin.toFixed(1)} min (${(sent / (elapsedMin * 60)).toFixed(0)} events/s offered), ${acked} acknowledged, ${errors} error answers; stored ${h.events.contact + h.events.agent}`);
console.log(`server CPU (user + system, all its threads, chDB's included): ${serverCpu.toFixed(0)} s over the soak, ${((serverCpu * 1e6) / Math.max(1, acked)).toFixed(0)} µs per acknowledged event`);
if (latencies.length > 0) {
	const late = latencies.filter((_, i) => latencyAt[i] >= t0 + (2 * MINUTES * 60_000) / 3);
	console.log(
		`ack latency per ${perMessage}-event message: p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms${late.length > 0 ? `; last third p50 ${pct(late, 0.5).toFixed(1)} ms, p99 ${pct(late, 0.99).toFixed(1)} ms` : ''}`
	);
	console.log(`RSS: ${rss[0][1].toFixed(0)} MB at start, ${rss.at(-1)![1].toFixed(0)} MB at the end, max ${Math.max(...rss.map(([, y]) => y)).toFixed(0)} MB; slope ${slope(rss).toFixed(2)} MB/min overall, ${half.length > 2 ? slope(half).toFixed(2) : 'n/a'} MB/min over the second half`);
	const halfOf = (xs: [number, number][]) => xs.filter(([mm]) => mm >= MINUTES / 2);
	const slopeText = (xs: [number, number][]) => (halfOf(xs).length > 2 ? `${slope(halfOf(xs)) >= 0 ? '+' : ''}${slope(halfOf(xs)).toFixed(2)}` : 'n/a');
	const endText = (xs: [number, number][]) => (xs.length > 0 ? xs.at(-1)![1].toFixed(0) : 'n/a');
	console.log(
		`RSS breakdown (MB at the end; slope MB/min over the second half): heap used ${endText(parts.heapUsed)} (${slopeText(parts.heapUsed)}), heap total ${endText(parts.heapTotal)} (${slopeText(parts.heapTotal)}), external ${endText(parts.external)} (${slopeText(parts.external)}), engine tracked ${endText(parts.engine)} (${slopeText(parts.engine)}; mark cache ${endText(parts.markCache)}), rest = RSS − heap total − external − engine ${endText(parts.other)} (${slopeText(parts.other)})`
	);
}
readGc(elapsedMin, false);
if (rss.length > 2) {
	// the plateau: over the last third (after every cap that fills within the soak has filled), RSS and the retained heap
	const lastThird = (xs: [number, number][]) => xs.filter(([mm]) => mm >= (2 * MINUTES) / 3);
	const fmt = (xs: [number, number][]) => (xs.length > 2 ? `${slope(xs) >= 0 ? '+' : ''}${slope(xs).toFixed(2)} MB/min` : 'n/a');
	const retained = gcLog.filter((g) => g.s.retainedMb !== null).map((g) => [g.minutes, g.s.retainedMb!] as [number, number]);
	const fromMin = (xs: [number, number][], m: number) => xs.find(([mm]) => mm >= m)?.[1].toFixed(0) ?? 'n/a';
	console.log(
		`plateau (last third, ${((2 * MINUTES) / 3).toFixed(1)}–${MINUTES} min): RSS slope ${fmt(lastThird(rss))}, max RSS ${Math.max(...rss.map(([, y]) => y)).toFixed(0)} MB; heap retained after mark-compact (V8's live data) ${fromMin(retained, MINUTES / 3)} MB at 1/3, ${fromMin(retained, (2 * MINUTES) / 3)} MB at 2/3, ${retained.at(-1)?.[1].toFixed(0) ?? 'n/a'} MB at the end, max ${retained.length ? Math.max(...retained.map(([, y]) => y)).toFixed(0) : 'n/a'} MB, slope ${fmt(lastThird(retained))}; heap used slope ${fmt(lastThird(parts.heapUsed))}`
	);
	const at = (xs: [number, number][], digits: number) => [MINUTES / 3, (2 * MINUTES) / 3].map((m) => xs.find(([mm]) => mm >= m)?.[1].toFixed(digits) ?? 'n/a').concat(xs.at(-1)?.[1].toFixed(digits) ?? 'n/a').join(' → ');
	console.log(`what the retained heap grows with until their caps (at 1/3 → 2/3 → the end): resolved alerts held ${at(heldResolved, 0)} (cap ${RESOLVED_HELD_MAX}; open ones follow the load: ${at(heldAlerts, 0)}); dedup tables ${at(dedupMb, 1)} MiB (cap 32)`);
}
if (gcLog.length > 0) {
	const sum = (f: (g: GcStats) => number) => gcLog.reduce((acc, g) => acc + f(g.s), 0);
	const max = (f: (g: GcStats) => number) => Math.max(...gcLog.map((g) => f(g.s)));
	const wallMs = gcLog.length * gcLog[0].s.sec * 1000;
	const loopP99s = gcLog.map((g) => g.s.loopP99Ms).sort((a, b) => a - b);
	console.log(
		`GC pauses over ${((gcLog.length * gcLog[0].s.sec) / 60).toFixed(1)} min: ${sum((g) => g.scavenges)} scavenges ${(sum((g) => g.scavengeMs) / 1000).toFixed(1)} s (max ${max((g) => g.scavengeMaxMs)} ms), ${sum((g) => g.majors)} mark-compacts ${(sum((g) => g.majorMs) / 1000).toFixed(1)} s (max ${max((g) => g.majorMaxMs)} ms); ${((100 * (sum((g) => g.scavengeMs) + sum((g) => g.majorMs))) / wallMs).toFixed(1)} % of the main thread's wall time; event loop delay: median of the 10 s p99s ${loopP99s[Math.floor(loopP99s.length / 2)]} ms, worst 10 s p99 ${loopP99s.at(-1)} ms, max ${max((g) => g.loopMaxMs)} ms`
	);
}
console.log(`dedup memory: ${h.ingest.knownIds} ids in ${(h.ingest.dedupBytes / 1048576).toFixed(1)} MiB (cap 32 MiB), horizon ${h.ingest.dedupHorizonMs === null ? 'none' : new Date(h.ingest.dedupHorizonMs).toISOString()}`);
console.log(`alert engine holds: ${heldText(h)} (resolved ones capped at ${RESOLVED_HELD_MAX} beyond those owed a notice or suppressing)`);
const restarts: { signal: NodeJS.Signals; text: string }[] = args['term-first']
	? [
			{ signal: 'SIGTERM', text: 'restart after SIGTERM (stop included)' },
			{ signal: 'SIGKILL', text: 'restart after kill -9' }
		]
	: [
			{ signal: 'SIGKILL', text: 'restart after kill -9' },
			{ signal: 'SIGTERM', text: 'restart after SIGTERM (stop included)' }
		];
let last = server;
for (const r of restarts) {
	const t = await timeRestart(dir, last, r.signal);
	console.log(`${r.text}: port open (answering 503 "starting") after ${(t.openMs / 1000).toFixed(1)} s, serving (/api/health 200) after ${(t.ms / 1000).toFixed(1)} s; start-up timeline:\n${t.log}`);
	last = t.server;
}
const term = { server: last };
// CSOPS_PROFILE_DIR=… with --term-first: the soaked server's CPU profile (written at its clean exit), by stage
if (process.env.CSOPS_PROFILE_DIR && args['term-first']) {
	const file = readdirSync(process.env.CSOPS_PROFILE_DIR).find((f) => f.includes(`.${server.proc.pid}.`) && f.endsWith('.cpuprofile'));
	if (file) console.log(`soaked server's main-thread CPU by stage: ${summariseProfile(JSON.parse(readFileSync(join(process.env.CSOPS_PROFILE_DIR, file), 'utf8')) as CpuProfile)}`);
}
console.log(`load average (uptime): ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
await term.server.stop('SIGTERM');
if (args.keep || args.data) console.log(`data directory kept: ${dir} (time restarts on it again: npm run bench:soak -- --data ${dir} --minutes 0)`);
else rmSync(dir, { recursive: true, force: true });
