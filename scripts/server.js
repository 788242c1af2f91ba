// Production server: SvelteKit's adapter-node handler plus the WebSocket hub on the same port.
// Start it with `npm start` (builds first) or `npm run serve` (uses the existing build/).
// UV_THREADPOOL_SIZE must be set before Node starts (scripts/start.js does it): every async chDB
// call holds a libuv worker, and 4 workers stall the process under load (docs/chdb-engine.md).
import http from 'node:http';

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
const { host, port, shutdownTimeoutSec } = runtime.config.server;

const server = http.createServer((req, res) => {
	if (!req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
	handler(req, res);
});
server.on('upgrade', (req, socket, head) => runtime.handleUpgrade(req, socket, head));
// Track in-flight requests so SIGTERM can drain them before storage closes.
let inflight = 0;
server.on('request', (_req, res) => {
	inflight++;
	res.on('close', () => inflight--);
});

server.listen(port, host, () => {
	runtime.log(`listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (version ${runtime.version}; t+${(performance.now() / 1000).toFixed(2)} s after the process started)`);
});
server.on('error', (err) => {
	console.error(`server: ${err.message}${err.code === 'EADDRINUSE' ? ` — port ${port} is taken; set PORT to another port` : ''}`);
	void runtime.shutdown().finally(() => process.exit(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? EXIT_NO_RESTART : 1));
});

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
