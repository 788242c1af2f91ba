import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInEvents } from '../../forecast/calendar';
import { forecastChannel, type ChannelJob } from '../../src/lib/server/planning/forecastChannel';
import { createForecastRunner, findWorkerFile } from '../../src/lib/server/planning/forecastWorker';
import { ROOT } from '../helpers/server';

// docs/decisions/0011: the planning forecast runs on a worker thread from the self-contained bundle
// `vite build` writes (npm test builds before the tests run).
const bundle = join(ROOT, 'build', 'forecast-worker.mjs');

/** Ten weeks of 15-minute history with a weekly and a daily pattern (deterministic noise). */
function job(): ChannelJob {
	const zone = 'Asia/Shanghai';
	const start = DateTime.fromISO('2026-09-07T00:00', { zone });
	const t: number[] = [];
	const offered: number[] = [];
	let seed = 99;
	for (let i = 0; i < 70 * 96; i++) {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		const at = start.plus({ minutes: 15 * i });
		const hour = at.hour + at.minute / 60;
		const shape = hour < 8 ? 0.1 : 1 + Math.exp(-((hour - 14) ** 2) / 8);
		t.push(at.toSeconds());
		offered.push(Math.round(20 * shape * [1.2, 1.1, 1, 1, 1, 0.8, 0.7][at.weekday - 1] * (0.9 + (0.2 * seed) / 2147483648)));
	}
	const from = start.plus({ days: 70 });
	const timestamps: string[] = [];
	for (let m = 0; m < 7 * 1440; m += 15) timestamps.push(from.plus({ minutes: m }).toFormat('yyyy-MM-dd HH:mm'));
	return {
		channel: 'chat',
		t: Float64Array.from(t),
		offered: Float64Array.from(offered),
		fromSec: t[0],
		toSec: from.toSeconds(),
		intervalMin: 15,
		zone,
		timestamps,
		events: builtInEvents(2026, 2026),
		model: 'auto',
		upliftOverrides: [],
		historyFrom: from.minus({ weeks: 8 }).toISODate()!,
		window: { fromDate: from.toISODate()!, toDate: from.plus({ days: 6 }).toISODate()! }
	};
}

const runner = createForecastRunner(bundle);
afterAll(() => runner.close());

describe('forecast worker thread', () => {
	it('is built next to handler.js and found from a server chunk', () => {
		expect(existsSync(bundle)).toBe(true);
		expect(findWorkerFile(pathToFileURL(join(ROOT, 'build', 'server', 'chunks', 'any.js')).href)).toBe(bundle);
		// a TypeScript module under vite dev has no bundle next to it: in-process
		expect(findWorkerFile(pathToFileURL(join(ROOT, 'src', 'lib', 'server', 'planning', 'forecastWorker.ts')).href)).toBeNull();
		expect(runner.mode).toBe('worker');
	});

	it('answers exactly what the same job gives in-process', async () => {
		const expected = forecastChannel(job()); // independent computation on this thread
		const got = await runner.run(job());
		expect(got).toEqual(expected);
		expect(got.points).toHaveLength(7 * 96);
		expect(got.daily).toHaveLength(7);
	});

	it('reports a failing job with its message and keeps serving the next ones in order', async () => {
		const bad = { ...job(), timestamps: ['not a timestamp'] };
		const results = await Promise.allSettled([runner.run(bad), runner.run(job()), runner.run({ ...job(), channel: 'phone' })]);
		expect(results[0].status).toBe('rejected');
		expect(String((results[0] as PromiseRejectedResult).reason.message)).toMatch(/not a timestamp/);
		expect(results[1].status === 'fulfilled' && results[1].value.channel).toBe('chat');
		expect(results[2].status === 'fulfilled' && results[2].value.channel).toBe('phone');
	});

	it('fails the running job when the worker dies, and starts a new worker for the next', async () => {
		const r = createForecastRunner(bundle);
		const first = r.run(job());
		await new Promise((res) => setTimeout(res, 50));
		await r.close(); // the thread ends mid-job
		await expect(first).rejects.toThrow(/stopped .* before it answered/);
		const again = await r.run(job());
		expect(again.points).toHaveLength(7 * 96);
		await r.close();
	});
});
