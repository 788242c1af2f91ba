/**
 * npm run bench:planning — does a planner's forecast stall the live path?
 *
 * Starts the production server with the demo (simulator + two-year history backfill), waits for
 * the backfill, then runs planning forecasts (all channels: next 4 weeks, and Double 11) while two
 * probes run every 20 ms against the same server:
 *  - ingest: POST /api/v1/events with one event (the ack comes after the durable write);
 *  - board:  GET /api/v1/realtime (the wall-board's snapshot, served from memory).
 * Prints each forecast's wall time and the probes' p50 / p99 / max latency during the forecasts,
 * next to the same probes with no forecast running. A main thread blocked by model fitting shows
 * up directly as the max latency.
 *
 * Needs build/ (npm run build). Run: npx tsx bench/planning.ts [--runs N]
 */
import { parseArgs } from 'node:util';
import { tempDir } from '../tests/helpers/engine';
import { startServer } from '../tests/helpers/server';
import { login } from '../tests/auth/client';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '2' } } });
const KEY = 'bench-planning-0123456789abcdef';
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};
const f = (x: number, d = 1) => x.toFixed(d);

const dir = tempDir();
const server = await startServer({
	DATA_PATH: dir.path,
	SIMULATOR: 'on',
	INGEST_KEYS: `bench:${KEY}`,
	ADMIN_USERNAME: 'bench',
	ADMIN_PASSWORD: 'bench-planning-password'
});
try {
	const end = Date.now() + 180_000;
	while (!/backfill: (\d+ interval rows|history already present)/.test(server.output())) {
		if (Date.now() > end) throw new Error(`backfill did not finish:\n${server.output()}`);
		await new Promise((r) => setTimeout(r, 500));
	}
	const cookie = await login(server.url, 'bench', 'bench-planning-password');

	let probeId = 0;
	const probe = async (lat: { ingest: number[]; board: number[]; at: number[] }) => {
		const t0 = performance.now();
		lat.at.push(t0);
		const id = `plan-probe-${probeId++}`;
		const r = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify([{ event_id: id, ts: Date.now(), type: 'contact.arrived', contact_id: id, channel: 'ticket', queue: 'presale' }])
		});
		if (r.status !== 200) throw new Error(`ingest probe: ${r.status} ${await r.text()}`);
		await r.arrayBuffer();
		const t1 = performance.now();
		const b = await fetch(`${server.url}/api/v1/realtime`, { headers: { cookie } });
		if (b.status !== 200) throw new Error(`board probe: ${b.status}`);
		await b.arrayBuffer();
		lat.ingest.push(t1 - t0);
		lat.board.push(performance.now() - t1);
	};
	const probeWhile = async (work: () => Promise<unknown>) => {
		const lat = { ingest: [] as number[], board: [] as number[], at: [] as number[] };
		let done = false;
		const loop = (async () => {
			while (!done) {
				await probe(lat);
				await new Promise((r) => setTimeout(r, 20));
			}
		})();
		const t0 = performance.now();
		await work();
		const ms = performance.now() - t0;
		done = true;
		await loop;
		lat.at = lat.at.map((t) => t - t0);
		return { ms, lat };
	};
	const forecast = async (horizon: unknown) => {
		const r = await fetch(`${server.url}/api/v1/planning/forecast`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({ channels: ['chat', 'phone', 'email', 'ticket'], queues: [], horizon, intervalMin: 15 })
		});
		const text = await r.text();
		const last = JSON.parse(text.trim().split('\n').pop()!) as { type: string; error?: string };
		if (r.status !== 200 || last.type !== 'result') throw new Error(`forecast failed: ${r.status} ${text.slice(-300)}`);
	};

	const idle = await probeWhile(() => new Promise((r) => setTimeout(r, 5000)));
	const rows: Array<[string, number, { ingest: number[]; board: number[]; at: number[] }]> = [['no forecast (5 s)', idle.ms, idle.lat]];
	for (let i = 0; i < Number(args.runs); i++) {
		const w = await probeWhile(() => forecast({ kind: 'weeks', weeks: 4 }));
		rows.push([`forecast 4 channels × next 4 weeks (run ${i + 1})`, w.ms, w.lat]);
		const e = await probeWhile(() => forecast({ kind: 'event', event: 'double11' }));
		rows.push([`forecast 4 channels × Double 11 (run ${i + 1})`, e.ms, e.lat]);
	}
	console.log('probe latency in ms (p50 / p99 / max) while the server does the work on the left; probes every 20 ms');
	console.log(`${'work'.padEnd(44)} ${'wall s'.padEnd(7)} ${'ingest ack'.padEnd(22)} ${'board snapshot'.padEnd(22)} ${'n'.padEnd(4)} worst ingest probe sent at`);
	for (const [name, ms, lat] of rows) {
		const s = (xs: number[]) => `${f(pct(xs, 0.5))} / ${f(pct(xs, 0.99))} / ${f(Math.max(...xs))}`.padEnd(22);
		console.log(`${name.padEnd(44)} ${f(ms / 1000, 2).padEnd(7)} ${s(lat.ingest)} ${s(lat.board)} ${String(lat.ingest.length).padEnd(4)} ${f(lat.at[lat.ingest.indexOf(Math.max(...lat.ingest))] / 1000, 2)} s`);
	}
} finally {
	await server.stop('SIGKILL');
	dir.cleanup();
}
