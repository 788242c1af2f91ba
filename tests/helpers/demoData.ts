import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { tempDir } from './engine';
import { startServer, type RunningServer } from './server';

/** A data directory of its own holding the demo's two-year history, for one test file. */
export interface DemoData {
	path: string;
	cleanup(): void;
	/** everything the server that wrote the history printed, from its start to its clean stop */
	templateOutput: string;
}

const WRITTEN = /backfill: \d+ interval rows/;
const NOT_WRITTEN = /backfill: (history already present|stopped with the server|failed)[^\n]*/;

/**
 * A copy of this run's demo data: the production server's own first start with the simulator on
 * (two years of backfill, a few seconds of live traffic, a clean SIGTERM stop), written once per
 * vitest run by the first file that asks and copied for every file that asks (a data directory must
 * not be shared: one process per directory, and no file may see another's changes). The copy is made
 * while no process has the template open, which the engine allows (docs/chdb-engine.md: the lock is
 * the `status` file of a running process); the engine's symlinks are relative (`cp -R` keeps them so),
 * and the copy is checked to point only into itself. Needs the e2e project's global setup (tests/setup/demoTemplate.ts).
 * Decision: docs/decisions/0127-one-demo-backfill-per-test-run.md.
 *
 * @param timeoutMs how long the template may take, built here or by another file (a hang detector)
 */
export async function demoDataDir(timeoutMs = 240_000): Promise<DemoData> {
	const root = inject('demoTemplateRoot');
	if (!root || !existsSync(root)) {
		throw new Error('demoDataDir: no template directory for this run; run this file in the e2e project (vite.config.ts: globalSetup tests/setup/demoTemplate.ts)');
	}
	const data = join(root, 'data');
	const output = join(root, 'template-output.txt');
	const failed = join(root, 'failed.txt');
	const t0 = Date.now();
	let builder = false;
	try {
		mkdirSync(join(root, 'building'));
		builder = true;
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
	}
	if (builder) {
		await buildTemplate(data, output, failed, timeoutMs);
	} else {
		// another file builds it: wait for its result (the output file is written last)
		const end = Date.now() + timeoutMs;
		while (!existsSync(output)) {
			if (existsSync(failed)) throw new Error(`the demo data template failed in another test file:\n${readFileSync(failed, 'utf8')}`);
			if (Date.now() > end) throw new Error(`the demo data template was not ready within ${timeoutMs / 1000} s (built by another test file in ${root})`);
			await new Promise((r) => setTimeout(r, 250));
		}
	}
	const t1 = Date.now();
	const dir = tempDir('csops-demo-');
	const copy = join(dir.path, 'data');
	try {
		// `cp -R` keeps symlinks as they are (relative); measured 2.9–3.1 s for the 87 MB, 7 400-file
		// template against 4.6–5.4 s for fs.cpSync (with verbatimSymlinks) at load 8–10
		await promisify(execFile)('cp', ['-R', data, copy]);
		assertSelfContained(copy);
	} catch (err) {
		dir.cleanup();
		throw err;
	}
	console.log(`demo data: template ${builder ? 'built' : 'waited for'} in ${((t1 - t0) / 1000).toFixed(1)} s, copied in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
	return { path: copy, cleanup: dir.cleanup, templateOutput: readFileSync(output, 'utf8') };
}

async function buildTemplate(data: string, output: string, failed: string, timeoutMs: number): Promise<void> {
	let server: RunningServer | undefined;
	// should the file's hook time out while the backfill runs, the fork exits: the server goes with it
	const killOnExit = () => {
		server?.proc.kill('SIGKILL');
		writeFileSync(failed, `the test file building the template ended before it was done${server ? `; the server's output:\n${server.output()}` : ''}`);
	};
	process.once('exit', killOnExit);
	try {
		server = await startServer({ DATA_PATH: data, SIMULATOR: 'on' });
		const s = server;
		const end = Date.now() + timeoutMs;
		while (!WRITTEN.test(s.output())) {
			const other = NOT_WRITTEN.exec(s.output());
			if (other) throw new Error(`the demo backfill on an empty directory did not write the history ("${other[0]}"):\n${s.output()}`);
			if (s.proc.exitCode !== null) throw new Error(`the server exited with ${s.proc.exitCode} during the demo backfill:\n${s.output()}`);
			if (Date.now() > end) throw new Error(`the demo backfill did not finish within ${timeoutMs / 1000} s:\n${s.output()}`);
			await new Promise((r) => setTimeout(r, 250));
		}
		// a clean stop (the simulator's open contacts closed, everything pending written) before copying
		const code = await s.stop('SIGTERM');
		if (code !== 0 || !/stopped cleanly/.test(s.output())) throw new Error(`the server did not stop cleanly after the demo backfill (exit ${code}):\n${s.output()}`);
		writeFileSync(output, s.output());
	} catch (err) {
		await server?.stop('SIGKILL');
		writeFileSync(failed, (err as Error).message);
		throw err;
	} finally {
		process.off('exit', killOnExit);
	}
}

/** Every symlink under `dir` resolves inside `dir`: a copy never writes into the template or another copy. */
function assertSelfContained(dir: string): void {
	const real = realpathSync(dir);
	const walk = (p: string): void => {
		for (const name of readdirSync(p)) {
			const full = join(p, name);
			const st = lstatSync(full);
			if (st.isSymbolicLink()) {
				const target = realpathSync(full);
				if (target !== real && !target.startsWith(real + sep)) throw new Error(`demo data copy ${dir}: ${full} points outside the copy (${target})`);
			} else if (st.isDirectory()) {
				walk(full);
			}
		}
	};
	walk(dir);
}
