import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { forecastChannel, type ChannelForecast, type ChannelJob } from './forecastChannel';

/** Bundle name written by scripts/vite-forecast-worker.ts next to adapter-node's handler.js. */
const WORKER_FILE = 'forecast-worker.mjs';

/**
 * Runs channel forecasts on one worker thread, one job at a time (jobs queue in order), so model
 * fitting never blocks the thread that serves the wall-board and acknowledges ingested events
 * (docs/decisions/0011-forecast-worker-thread.md). The worker starts on first use, is unref'd
 * (it never keeps the process alive), and is replaced if it dies; a job it was running fails with
 * a message saying so.
 *
 * The worker is the self-contained bundle `build/forecast-worker.mjs` that `vite build` writes.
 * Under `vite dev` there is no such bundle and jobs run in-process (same code, same result; the
 * start-up log says which).
 */
export interface ForecastRunner {
	run(job: ChannelJob): Promise<ChannelForecast>;
	readonly mode: 'worker' | 'in-process';
	/** the worker bundle, when mode is "worker" */
	readonly file?: string;
	close(): Promise<void>;
}

/** The worker bundle of this build: next to handler.js in one of the directories above this module. */
export function findWorkerFile(moduleUrl: string = import.meta.url): string | null {
	if (!moduleUrl.startsWith('file:')) return null;
	let dir = dirname(fileURLToPath(moduleUrl));
	for (let i = 0; i < 6; i++) {
		if (existsSync(join(dir, 'handler.js')) && existsSync(join(dir, WORKER_FILE))) return join(dir, WORKER_FILE);
		const up = dirname(dir);
		if (up === dir) break;
		dir = up;
	}
	return null;
}

export function createForecastRunner(file: string | null = findWorkerFile()): ForecastRunner {
	if (!file) return { mode: 'in-process', run: async (job) => forecastChannel(job), close: async () => {} };
	let worker: Worker | null = null;
	let nextId = 1;
	const pending = new Map<number, { resolve: (r: ChannelForecast) => void; reject: (e: Error) => void }>();
	let queue: Promise<unknown> = Promise.resolve();

	const failAll = (why: string) => {
		for (const p of pending.values()) p.reject(new Error(why));
		pending.clear();
	};
	const spawn = () => {
		const w = new Worker(file);
		w.unref();
		w.on('message', (msg: { id: number; result?: ChannelForecast; error?: string }) => {
			const p = pending.get(msg.id);
			if (!p) return;
			pending.delete(msg.id);
			if (msg.error !== undefined) p.reject(new Error(msg.error));
			else p.resolve(msg.result!);
		});
		w.on('error', (err) => {
			if (worker === w) worker = null;
			failAll(`forecast worker failed: ${err.message}`);
		});
		w.on('exit', (code) => {
			if (worker === w) worker = null;
			failAll(`forecast worker stopped (exit code ${code}) before it answered; run the forecast again`);
		});
		return w;
	};
	const runOne = (job: ChannelJob) =>
		new Promise<ChannelForecast>((resolve, reject) => {
			worker ??= spawn();
			const id = nextId++;
			pending.set(id, { resolve, reject });
			// history arrays move to the worker instead of being copied
			worker.postMessage({ id, job }, [job.t.buffer, job.offered.buffer] as ArrayBuffer[]);
		});
	return {
		mode: 'worker',
		file,
		run(job) {
			const result = queue.then(() => runOne(job));
			queue = result.catch(() => undefined);
			return result;
		},
		async close() {
			const w = worker;
			worker = null;
			if (w) await w.terminate();
		}
	};
}
