// `npm start`: build the app if the build is missing or older than the sources, then run the
// production server as a supervised child process.
//
// - Ctrl-C, SIGINT or SIGTERM (also sent to the `npm` process: npm forwards both, and the start
//   script `exec`s so no shell sits in between) stops the server cleanly; this process exits when
//   the server has exited, so nothing is left behind. A second Ctrl-C kills the server at once.
// - If this process loses its parent (npm killed), it stops the server too; the server stops by
//   itself if this process disappears (IPC channel closed), so neither is ever orphaned.
// - A server that crashes is restarted with a backoff (1, 2, 4 … 30 s; reset after a minute of
//   running), and the log says so: a kiosk never faces a dead port for long. A server that could not
//   start for a reason a restart cannot fix (bad configuration, port taken: exit code 78) is not
//   restarted.
//
//   npm start -- --print-config   print the effective configuration (secrets masked) and exit
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from './node-flags.js';

/** Exit code of scripts/server.js when a restart cannot help (sysexits' EX_CONFIG). */
const EXIT_NO_RESTART = 78;
const BACKOFF_SEC = [1, 2, 4, 8, 16, 30];
const HEALTHY_AFTER_MS = 60_000;

const say = (msg) => console.log(`[start] ${msg}`);
const args = process.argv.slice(2);

if (args.includes('--help') || args.includes('-h')) {
	console.log(`Usage: npm start [-- --print-config]

Builds the app when the sources are newer than the build, then serves it (PORT, default 3000) on
embedded ClickHouse in ./data (DATA_PATH) or on CLICKHOUSE_URL. Settings: see README "Configuration".

  --print-config   print the effective configuration (defaults < CSOPS_CONFIG file < environment,
                   secrets masked) and exit; exit 1 with every problem listed if it is invalid`);
	process.exit(0);
}
const unknown = args.filter((a) => a !== '--print-config');
if (unknown.length > 0) {
	console.error(`npm start: unknown argument ${JSON.stringify(unknown[0])}; allowed: --print-config, --help`);
	process.exit(2);
}
if (args.includes('--print-config')) {
	const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/print-config.ts'], { stdio: 'inherit' });
	process.exit(r.status ?? 1);
}

function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let max = st.mtimeMs;
	for (const name of readdirSync(path)) max = Math.max(max, newestMtime(join(path, name)));
	return max;
}

let child = null;
let stopping = false;
let stoppingAt = 0;
let crashes = 0;
let restartTimer = null;
/** what `child` is: the build, then the server */
let phase = 'build';

/** Runs the build as a child (not spawnSync: a Ctrl-C during the build must stop it too). */
function build() {
	const built = existsSync('build/handler.js') ? statSync('build/handler.js').mtimeMs : 0;
	const sources = Math.max(
		...['src', 'forecast', 'alerts', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts'].map(newestMtime)
	);
	if (built >= sources) return Promise.resolve();
	say(`building the app into ./build (${built === 0 ? 'no build yet' : 'sources changed since the last build'}; about a minute on 2 cores)…`);
	const t0 = Date.now();
	return new Promise((resolve) => {
		child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
		child.on('exit', (code, signal) => {
			child = null;
			if (stopping) process.exit(1);
			if (code !== 0) {
				console.error(`[start] the build failed (${signal ? `signal ${signal}` : `exit ${code}`}); the messages above say where`);
				process.exit(code || 1);
			}
			say(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
			resolve();
		});
	});
}

function run() {
	phase = 'server';
	restartTimer = null;
	const startedAt = Date.now();
	child = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'scripts/server.js'], {
		stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
		env: { UV_THREADPOOL_SIZE: '16', ...process.env }
	});
	child.on('exit', (code, signal) => {
		child = null;
		if (stopping) process.exit(code ?? 0);
		if (code === 0) {
			say('the server stopped');
			process.exit(0);
		}
		if (code === EXIT_NO_RESTART) {
			console.error('[start] the server could not start; fix what the message above says, then run npm start again');
			process.exit(1);
		}
		if (Date.now() - startedAt > HEALTHY_AFTER_MS) crashes = 0;
		const delay = BACKOFF_SEC[Math.min(crashes, BACKOFF_SEC.length - 1)];
		crashes++;
		console.error(
			`[start] the server exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}) after ${((Date.now() - startedAt) / 1000).toFixed(0)} s; restarting in ${delay} s (restart ${crashes})`
		);
		restartTimer = setTimeout(run, delay * 1000);
	});
}

function stop(signal) {
	if (stopping) {
		// A second Ctrl-C: do not wait for the drain. The first one often arrives twice (from the
		// terminal to the whole process group, and forwarded by npm), so only a later one counts.
		if (child && Date.now() - stoppingAt > 1000) {
			say('stopping now (second signal)');
			child.kill('SIGKILL');
		}
		return;
	}
	stopping = true;
	stoppingAt = Date.now();
	if (restartTimer) clearTimeout(restartTimer);
	if (!child) process.exit(0);
	say(`${signal}: stopping ${phase === 'build' ? 'the build' : 'the server (pending events are written first)'}`);
	child.kill(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig));

// npm killed (or the terminal gone) without a signal reaching us: stop rather than run on as an orphan.
const parent = process.ppid;
setInterval(() => {
	if (process.ppid !== parent) stop('parent exited');
}, 1000).unref();

await build();
run();
