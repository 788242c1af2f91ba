import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../scripts/node-flags.js';

export const ROOT = join(import.meta.dirname, '..', '..');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const addr = s.address();
			s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
		});
	});
}

export interface RunningServer {
	url: string;
	port: number;
	proc: ChildProcess;
	/** the node flags the server runs with */
	nodeArgs: string[];
	output(): string;
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the production server (build/ must exist: `npm test` builds first) as a child process
 * and waits until /api/health answers 200.
 */
export async function startServer(
	env: Record<string, string>,
	opts: { timeoutMs?: number; port?: number; /** node flags after the default ones */ nodeArgs?: string[]; /** false: without SERVER_NODE_FLAGS (bench:soak compares) */ defaultFlags?: boolean } = {}
): Promise<RunningServer> {
	if (!existsSync(join(ROOT, 'build', 'handler.js'))) {
		throw new Error('build/handler.js is missing: run `npx vite build` (npm test does it first)');
	}
	const port = opts.port ?? (await freePort());
	let out = '';
	const nodeArgs = [
		...(opts.defaultFlags === false ? [] : SERVER_NODE_FLAGS),
		...(opts.nodeArgs ?? []),
		...(process.env.CSOPS_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CSOPS_PROFILE_DIR}`] : [])
	];
	const proc = spawn(process.execPath, [...nodeArgs, 'scripts/server.js'], {
		cwd: ROOT,
		env: { ...process.env, UV_THREADPOOL_SIZE: '16', HOST: '127.0.0.1', PORT: String(port), SIMULATOR: 'off', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
	for (;;) {
		if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
		try {
			const r = await fetch(`${url}/api/health`);
			if (r.ok) break;
		} catch {
			/* not up yet */
		}
		if (Date.now() > deadline) {
			proc.kill('SIGKILL');
			throw new Error(`server did not become healthy in time:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		port,
		proc,
		nodeArgs,
		output: () => out,
		stop: (signal = 'SIGTERM') =>
			new Promise((resolve) => {
				if (proc.exitCode !== null) return resolve(proc.exitCode);
				proc.once('exit', (code) => resolve(code));
				proc.kill(signal);
			})
	};
}

/** Runs the server expecting it to fail at start; resolves with its exit code and output. */
export function startExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		let out = '';
		const proc = spawn(process.execPath, ['scripts/server.js'], {
			cwd: ROOT,
			env: { ...process.env, HOST: '127.0.0.1', SIMULATOR: 'off', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		proc.stdout!.on('data', (d) => (out += d));
		proc.stderr!.on('data', (d) => (out += d));
		const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
		proc.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output: out });
		});
	});
}

/**
 * "Nothing more happens", shown by the server's counters instead of a sleep: the alert engine has
 * stepped `ticks` more times (its counter on /api/health) and no notification is queued, in flight,
 * retrying or waiting for storage — whatever those steps published has been sent by then. A count of
 * ticks, not a pause, so a busy machine still gets them; 30 s is a hang detector.
 */
export async function alertEngineQuiet(baseUrl: string, ticks: number): Promise<void> {
	const progress = async () => ((await (await fetch(`${baseUrl}/api/health`)).json()) as { alerts: { steps: number; pendingDeliveries: number; unsavedIntents: number } }).alerts;
	const start = (await progress()).steps;
	const end = Date.now() + 30_000;
	for (;;) {
		const p = await progress();
		if (p.steps >= start + ticks && p.pendingDeliveries === 0 && p.unsavedIntents === 0) return;
		if (Date.now() > end) throw new Error(`the alert engine did not settle after ${ticks} more step(s): ${JSON.stringify(p)} (started at step ${start})`);
		await new Promise((r) => setTimeout(r, 100));
	}
}
