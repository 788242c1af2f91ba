/**
 * What every CLI in scripts/ shares: an injectable output (so tests call `main` in-process instead
 * of spawning a process per argument check) and the entry-point guard.
 *
 * A CLI module exports `main(argv, io): number` (the exit code) and ends with
 * `runIfEntry(import.meta.url, main)`, which runs it only when the file is the program started by
 * `node`/`tsx`, not when a test imports it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliIo {
	/** standard output */
	out(text: string): void;
	/** standard error */
	err(text: string): void;
}

export const processIo: CliIo = {
	out: (t) => process.stdout.write(t),
	err: (t) => process.stderr.write(t)
};

/** Thrown to end a CLI with an exit code after its message was written. */
export class CliExit extends Error {
	constructor(readonly code: number) {
		super(`exit ${code}`);
	}
}

/** An io that records what a CLI writes, for tests. */
export function captureIo(): CliIo & { stdout: string; stderr: string } {
	const io = {
		stdout: '',
		stderr: '',
		out: (t: string) => void (io.stdout += t),
		err: (t: string) => void (io.stderr += t)
	};
	return io;
}

/** Runs `main` with the process's arguments and exits with its code when `moduleUrl` is the program. */
export function runIfEntry(moduleUrl: string, main: (argv: string[], io: CliIo) => number | Promise<number>): void {
	const entry = process.argv[1];
	if (!entry || resolve(entry) !== fileURLToPath(moduleUrl)) return;
	void Promise.resolve(main(process.argv.slice(2), processIo)).then((code) => {
		process.exitCode = code;
	});
}
