// Production server: SvelteKit's adapter-node handler plus the WebSocket hub on the same port.
// Start it with `npm start` (builds first) or `npm run serve` (uses the existing build/).
// UV_THREADPOOL_SIZE must be set before Node starts (scripts/start.js does it): every async chDB
// call holds a libuv worker, and 4 workers stall the process under load (docs/chdb-engine.md).
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';

const RUNTIME = Symbol.for('cs-ops.runtime');
/** Exit code for a start-up failure a restart cannot fix (bad config, port taken): scripts/start.js does not restart on it. */
const EXIT_NO_RESTART = 78;

// A promise rejected without a handler is a bug, but one request's bug must not end the process for
// every board and sender (issue 24: a stack overflow in one WebSocket frame did). Node's default
// (--unhandled-rejections=throw) would exit; this handler logs the reason with its stack instead.
// Synchronous uncaught exceptions still end the process (its state may be broken); `npm start`
// restarts it.
let unhandledRejections = 0;
process.on('unhandledRejection', (reason) => {
	unhandledRejections++;
	const detail = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
	console.error(`[${new Date().toISOString()}] unhandled promise rejection #${unhandledRejections} (logged, process kept running): ${detail}`);
});

// Importing the handler runs SvelteKit's `init` hook, which builds the runtime (config, storage,
// migrations, live state). A bad config stops here with the key, the value and the rule.
// adapter-node's own cap (BODY_SIZE_LIMIT, default 512K) would cut ingest batches before our
// configurable ingest.maxBodyBytes applies; the hook in src/hooks.server.ts caps every other body.
process.env.BODY_SIZE_LIMIT ??= String(512 * 1024 * 1024);
// Without ORIGIN or PROTOCOL_HEADER adapter-node assumes every request is https, which breaks
// origin checks and Secure cookies on a plain-HTTP install. We read the scheme from
// x-forwarded-proto (set by a TLS proxy in front) and mark direct connections as http below.
process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';

// The port opens as soon as the configuration is known, before storage, migrations and the live-state
// rebuild (issue 24: a restart after millions of events kept the port closed for 12–86 s and a kiosk
// faced a dead port). Until the runtime is ready every request gets an honest 503: /api/health says
// "starting" and which step runs, the ingest API says nothing was stored and when to resend
// (Retry-After, docs/events.md), pages show a bilingual "starting" notice that reloads itself, and
// WebSocket upgrades are refused with 503 (the board reconnects). The runtime reports its config and
// steps through this hook (src/lib/server/app/runtime.ts).
const STARTUP = Symbol.for('cs-ops.startup');
const startedAt = Date.now();
/** the runtime's last start-up step, shown while starting */
let step = 'loading the app';
/** set when the runtime is ready: every request goes to SvelteKit from then on */
let ready = null;
let server = null;
let listenPort = 0;

function startingAnswer(req, res) {
	const url = req.url ?? '/';
	const waitedSec = Math.round((Date.now() - startedAt) / 1000);
	// the body is not read: close the connection after the answer so an upload does not linger
	const headers = { 'retry-after': '2', 'cache-control': 'no-store', connection: 'close' };
	if (url === '/api/health' || url.startsWith('/api/health?')) {
		res.writeHead(503, { ...headers, 'content-type': 'application/json' });
		res.end(JSON.stringify({ status: 'starting', step, startedSecAgo: waitedSec }));
	} else if (url.startsWith('/api/')) {
		res.writeHead(503, { ...headers, 'content-type': 'application/json' });
		res.end(JSON.stringify({ error: `the server is starting (${step}); nothing was stored: resend in 2 s`, retryAfterSec: 2 }));
	} else {
		res.writeHead(503, { ...headers, 'content-type': 'text/html; charset=utf-8' });
		res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>正在启动 · Starting</title>
<style>body{font:20px/1.6 system-ui,sans-serif;background:#0b1220;color:#e5e7eb;display:grid;place-items:center;height:100vh;margin:0}p{margin:.3em 0}</style></head>
<body><main><p>服务正在启动：正在重建实时数据（已用 ${waitedSec} 秒），页面将自动刷新。</p><p lang="en">The server is starting: rebuilding the live data (${waitedSec} s so far). This page reloads by itself.</p></main></body></html>`);
	}
}

function listen(config) {
	const { host, port } = config.server;
	listenPort = port;
	server = http.createServer((req, res) => {
		if (!ready) return startingAnswer(req, res);
		if (!req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
		ready.handler(req, res);
	});
	server.on('upgrade', (req, socket, head) => {
		if (ready) return ready.runtime.handleUpgrade(req, socket, head);
		socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
	});
	// Track in-flight requests so SIGTERM can drain them before storage closes.
	server.on('request', (_req, res) => {
		inflight++;
		res.on('close', () => inflight--);
	});
	server.listen(port, host, () => {
		console.log(`[${new Date().toISOString()}] listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (t+${(performance.now() / 1000).toFixed(2)} s after the process started; answering 503 "starting" until the runtime is ready)`);
	});
	server.on('error', (err) => {
		console.error(`server: ${err.message}${err.code === 'EADDRINUSE' ? ` — port ${port} is taken; set PORT to another port` : ''}`);
		const code = err.code === 'EADDRINUSE' || err.code === 'EACCES' ? EXIT_NO_RESTART : 1;
		if (ready) void ready.runtime.shutdown().finally(() => process.exit(code));
		else process.exit(code);
	});
}
let inflight = 0;
globalThis[STARTUP] = {
	onConfig: (config) => listen(config),
	onStep: (text) => (step = text)
};

// CSOPS_GC_LOG_SEC=N (bench:soak sets it): every N s one line `gc-stats {json}` with the garbage
// collector's pauses over those N s (scavenges and mark-compacts: count, total, max, from
// v8.GCProfiler), the heap used after the last mark-compact (what is retained, as opposed to garbage
// not yet collected), the heap limit and the event loop's delay (p99, max). Off by default: a
// production log has no use for it. It answers "is RSS growth retained memory or garbage?" and
// "are long acks GC pauses or a blocked loop?" (issue 24's soak).
const gcLogSec = Number(process.env.CSOPS_GC_LOG_SEC ?? 0);
if (gcLogSec > 0) {
	let profiler = new v8.GCProfiler();
	profiler.start();
	const loop = monitorEventLoopDelay({ resolution: 10 });
	loop.enable();
	/** heap used (MB) after the last mark-compact seen, carried over intervals without one */
	let retainedMb = null;
	const MB = 1048576;
	setInterval(() => {
		const { statistics } = profiler.stop();
		profiler = new v8.GCProfiler();
		profiler.start();
		const minor = { n: 0, totalMs: 0, maxMs: 0 };
		const major = { n: 0, totalMs: 0, maxMs: 0 };
		for (const s of statistics) {
			// cost: µs the collector held the main thread in this step; incremental marking steps belong to a major GC
			const kind = s.gcType === 'Scavenge' || s.gcType === 'MinorMarkCompact' ? minor : major;
			const ms = s.cost / 1000;
			if (s.gcType !== 'IncrementalMarking') kind.n++;
			kind.totalMs += ms;
			kind.maxMs = Math.max(kind.maxMs, ms);
			if (s.gcType === 'MarkSweepCompact') retainedMb = s.afterGC.heapStatistics.usedHeapSize / MB;
		}
		const h = v8.getHeapStatistics();
		const round = (x) => Math.round(x * 10) / 10;
		const line = {
			sec: gcLogSec,
			scavenges: minor.n,
			scavengeMs: round(minor.totalMs),
			scavengeMaxMs: round(minor.maxMs),
			majors: major.n,
			majorMs: round(major.totalMs),
			majorMaxMs: round(major.maxMs),
			retainedMb: retainedMb === null ? null : round(retainedMb),
			heapUsedMb: round(h.used_heap_size / MB),
			heapLimitMb: round(h.heap_size_limit / MB),
			loopP99Ms: round(loop.percentile(99) / 1e6),
			loopMaxMs: round(loop.max / 1e6)
		};
		loop.reset();
		console.log(`gc-stats ${JSON.stringify(line)}`);
	}, gcLogSec * 1000).unref();
}

console.log(`[${new Date().toISOString()}] start-up: node ready, loading the app (t+${(performance.now() / 1000).toFixed(2)} s)`);
let handler;
try {
	({ handler } = await import('../build/handler.js'));
} catch (err) {
	console.error(`start-up failed: ${err?.message ?? err}`);
	process.exit(EXIT_NO_RESTART);
}
const runtime = await globalThis[RUNTIME];
if (!runtime) {
	console.error('start-up failed: the runtime was not started by the init hook');
	process.exit(EXIT_NO_RESTART);
}
const { shutdownTimeoutSec } = runtime.config.server;
if (!server) listen(runtime.config); // a runtime that did not report its config (should not happen)
ready = { handler, runtime };
runtime.log(`ready: serving on port ${listenPort} (version ${runtime.version}; t+${(performance.now() / 1000).toFixed(2)} s after the process started)`);

let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	runtime.log(`${signal}: draining ${inflight} in-flight request(s), up to ${shutdownTimeoutSec} s`);
	// Stop accepting; idle keep-alive sockets close now, busy ones after their response.
	server.close();
	server.closeIdleConnections();
	const deadline = Date.now() + shutdownTimeoutSec * 1000;
	while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
	if (inflight > 0) runtime.log(`shutdown: ${inflight} request(s) still running after ${shutdownTimeoutSec} s; closing them`);
	server.closeAllConnections();
	await runtime.shutdown();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
// Under `npm start` the supervisor (scripts/start.js) holds an IPC channel: if it disappears, stop
// instead of running on as an orphan nobody can stop with Ctrl-C.
if (process.send) process.on('disconnect', () => void shutdown('supervisor gone'));
