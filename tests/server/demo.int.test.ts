import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { startServer, type RunningServer } from '../helpers/server';

// issue 4: `npm start` (simulator on by default) gives numbers that move within seconds, through
// the ingester with zero rejects, and two years of history for the planning pages.
const dir = tempDir();
let server: RunningServer | null = null;
afterAll(async () => {
	await server?.stop('SIGTERM');
	dir.cleanup();
});

it('runs the demo: live simulator traffic through the ingester, and the history backfill', async () => {
	server = await startServer({ DATA_PATH: dir.path, SIMULATOR: 'on' });
	const health = async () => (await (await fetch(`${server!.url}/api/health`)).json()) as { ingest: { accepted: number; rejected: number } };
	const t0 = Date.now();
	while ((await health()).ingest.accepted === 0) {
		if (Date.now() - t0 > 15_000) throw new Error(`no simulator events accepted within 15 s:\n${server.output()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	await new Promise((r) => setTimeout(r, 3000));
	const h = await health();
	expect(h.ingest.accepted).toBeGreaterThan(0);
	expect(h.ingest.rejected).toBe(0);
	// a hang detector, not a speed target (bench:backfill measures that): generous for a busy machine
	const end = Date.now() + 240_000;
	while (!/backfill: \d+ interval rows/.test(server.output())) {
		if (Date.now() > end) throw new Error(`backfill did not finish:\n${server.output()}`);
		await new Promise((r) => setTimeout(r, 500));
	}
	const rows = Number(/backfill: (\d+) interval rows/.exec(server.output())![1]);
	// 760 days × 96 intervals × 4 channels × 4 queues = 1 167 360, plus the partial current day
	expect(rows).toBeGreaterThanOrEqual(760 * 96 * 16);
	// a clean stop closes the simulator's open contacts and writes everything pending
	expect(await server.stop('SIGTERM')).toBe(0);
	server = null;
}, 300_000);
