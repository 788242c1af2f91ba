/**
 * `npm start` behaves like a service (scripts/start.js supervising scripts/server.js):
 * - SIGTERM sent to the `npm` process itself stops everything: npm, the supervisor and the server
 *   are all gone afterwards (checked by PID, not by log lines);
 * - Ctrl-C (SIGINT to the whole foreground process group, as a terminal sends it) does the same and
 *   the server drains instead of being killed;
 * - a crashed server (SIGKILL) is restarted with a backoff and serves /api/health again.
 * The build must exist (`npm test` builds first), so start.js does not rebuild here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { freePort, ROOT } from '../helpers/server';

interface Started {
	npm: ChildProcess;
	port: number;
	output(): string;
	cleanup(): void;
}

const running: Started[] = [];
afterEach(() => {
	for (const s of running.splice(0)) {
		for (const pid of tree(s.npm.pid!)) tryKill(pid, 'SIGKILL');
		s.cleanup();
	}
});

/** Direct children of a process, from /proc (Linux). */
function childrenOf(pid: number): number[] {
	try {
		const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
		return tasks ? tasks.split(/\s+/).map(Number) : [];
	} catch {
		return [];
	}
}

/** The process and all its descendants. */
function tree(pid: number): number[] {
	return [pid, ...childrenOf(pid).flatMap(tree)];
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		// a zombie (exited, not yet reaped) counts as gone
		return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
	} catch {
		return false;
	}
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {
		/* already gone */
	}
}

function cmdline(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
	} catch {
		return '';
	}
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await probe();
		if (v !== undefined) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

async function healthy(port: number): Promise<true | undefined> {
	try {
		const r = await fetch(`http://127.0.0.1:${port}/api/health`);
		return r.ok ? true : undefined;
	} catch {
		return undefined;
	}
}

/** `npm start` in its own process group (like a shell job), simulator off, on a fresh data dir. */
async function npmStart(): Promise<Started> {
	const dir = tempDir();
	const port = await freePort();
	let out = '';
	const npm = spawn('npm', ['start'], {
		cwd: ROOT,
		detached: true,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_PATH: dir.path, SIMULATOR: 'off' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	npm.stdout!.on('data', (d) => (out += d));
	npm.stderr!.on('data', (d) => (out += d));
	const s: Started = { npm, port, output: () => out, cleanup: dir.cleanup };
	running.push(s);
	await until('/api/health', () => healthy(port));
	return s;
}

function serverPid(s: Started): number | undefined {
	return tree(s.npm.pid!).find((p) => cmdline(p).includes('scripts/server.js'));
}

function exited(p: ChildProcess): Promise<void> {
	return new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', () => resolve())));
}

describe('npm start as a service', () => {
	it('SIGTERM to the npm process leaves no process behind', async () => {
		const s = await npmStart();
		const pids = tree(s.npm.pid!);
		expect(pids.map(cmdline).some((c) => c.includes('scripts/start.js'))).toBe(true);
		expect(serverPid(s)).toBeDefined();
		s.npm.kill('SIGTERM');
		await exited(s.npm);
		await until('every process gone', () => (pids.some(alive) ? undefined : true), 40_000);
		expect(pids.filter(alive)).toEqual([]);
		expect(s.output()).toContain('runtime: stopped cleanly');
	});

	it('Ctrl-C (SIGINT to the process group) drains and leaves no process behind', async () => {
		const s = await npmStart();
		const pids = tree(s.npm.pid!);
		process.kill(-s.npm.pid!, 'SIGINT');
		await exited(s.npm);
		await until('every process gone', () => (pids.some(alive) ? undefined : true), 40_000);
		expect(pids.filter(alive)).toEqual([]);
		// drained, not killed by the supervisor's "second signal" path
		expect(s.output()).toContain('runtime: stopped cleanly');
		expect(s.output()).not.toContain('stopping now (second signal)');
	});

	it('restarts a crashed server and says so', async () => {
		const s = await npmStart();
		const first = serverPid(s)!;
		process.kill(first, 'SIGKILL');
		await until('the restart log line', () => (s.output().includes('restarting in 1 s') ? true : undefined), 20_000);
		const second = await until('a new server process', () => {
			const p = serverPid(s);
			return p !== undefined && p !== first ? p : undefined;
		});
		await until('/api/health after the restart', () => healthy(s.port));
		expect(second).not.toBe(first);
		expect(s.output()).toMatch(/the server exited unexpectedly \(signal SIGKILL\) after \d+ s; restarting in 1 s \(restart 1\)/);
		const pids = tree(s.npm.pid!);
		s.npm.kill('SIGTERM');
		await exited(s.npm);
		await until('every process gone', () => (pids.some(alive) ? undefined : true), 40_000);
	});
});
