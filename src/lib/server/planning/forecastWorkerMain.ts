/**
 * Entry of the forecast worker thread. Built by `vite build` into `build/forecast-worker.mjs`, a
 * self-contained bundle of ./forecastChannel and the forecast/ library (scripts/vite-forecast-worker.ts),
 * so the thread loads no server module, no database driver and never chDB (which must not load in
 * a worker thread, docs/decisions/0002). Answers `{id, job}` with `{id, result}` or `{id, error}`.
 */
import { parentPort } from 'node:worker_threads';
import { forecastChannel, type ChannelJob } from './forecastChannel';

if (!parentPort) throw new Error('forecast-worker: this file runs as a worker thread, started by the server');
const port = parentPort;
port.on('message', (msg: { id: number; job: ChannelJob }) => {
	try {
		port.postMessage({ id: msg.id, result: forecastChannel(msg.job) });
	} catch (err) {
		port.postMessage({ id: msg.id, error: (err as Error).message });
	}
});
