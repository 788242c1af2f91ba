/**
 * npm run bench:import — a big history import through the real production server, and what the
 * live side feels meanwhile.
 *
 * 1. Writes a CSV of 2 years × 16 channel/queue series (4 channels × 4 queues) × 96 intervals a
 *    day (15-minute rows, ≈ 1.12 M rows, ≈ 60 MB) ending yesterday, with a daily and weekly shape.
 * 2. Uploads it with the same client as `npm run import:history` (streamed, progress printed) to a
 *    server started on an empty temporary data directory (simulator off).
 * 3. Meanwhile probes the live side every 100 ms: one event POSTed to /api/v1/events (the time to
 *    its durable ack) and one GET /api/v1/realtime (the board's snapshot), each p50/p99/max.
 * 4. Checks coverage: the stored total equals the file's.
 * Options: --days N (730), --rows-per-day 96. Needs build/ (npm run build).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { login } from '../tests/auth/client';
import { startServer } from '../tests/helpers/server';
import { uploadHistory } from '../scripts/history-upload';

const { values: args } = parseArgs({ options: { days: { type: 'string', default: '730' }, 'rows-per-day': { type: 'string', default: '96' } } });
const DAYS = Number(args.days);
const PER_DAY = Number(args['rows-per-day']);
const STEP = 1440 / PER_DAY;
const KEY = 'bench-import-0123456789abcdef';
const CHANNELS = ['chat', 'phone', 'email', 'ticket'];
const QUEUES = ['presale', 'insale', 'aftersale', 'complaint'];
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};

async function writeFile(path: string): Promise<{ rows: number; offered: number }> {
	const out = createWriteStream(path);
	const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
	await write('interval_start,interval_min,channel,queue,offered,answered,abandoned\n');
	const end = DateTime.now().setZone('Asia/Shanghai').startOf('day');
	let seed = 20261111;
	let rows = 0;
	let offered = 0;
	for (let d = DAYS; d >= 1; d--) {
		const day = end.minus({ days: d });
		const date = day.toISODate();
		const weekly = [1.1, 1.05, 1, 1, 0.95, 0.8, 0.75][day.weekday - 1];
		let buf = '';
		for (let i = 0; i < PER_DAY; i++) {
			const m = i * STEP;
			const hour = m / 60;
			const shape = hour < 8 ? 0.15 : 1 + Math.exp(-((hour - 14) ** 2) / 8);
			const hh = String(Math.floor(m / 60)).padStart(2, '0');
			const mm = String(m % 60).padStart(2, '0');
			for (let s = 0; s < 16; s++) {
				seed = (seed * 1103515245 + 12345) % 2147483648;
				const n = Math.round((10 + 5 * s) * shape * weekly * (0.85 + (0.3 * seed) / 2147483648));
				const ab = Math.floor(n * 0.05);
				buf += `${date} ${hh}:${mm},${STEP},${CHANNELS[s % 4]},${QUEUES[s >> 2]},${n},${n - ab},${ab}\n`;
				rows++;
				offered += n;
			}
		}
		await write(buf);
	}
	await new Promise<void>((r) => out.end(() => r()));
	return { rows, offered };
}

const dir = mkdtempSync(join(tmpdir(), 'csops-bench-import-'));
const file = join(dir, 'history-2y-16-series.csv');
let server: Awaited<ReturnType<typeof startServer>> | null = null;
try {
	console.log(`bench:import — ${DAYS} days × 16 series × ${PER_DAY} intervals/day (2 cores shared with other work: figures are indicative)`);
	let t = performance.now();
	const gen = await writeFile(file);
	console.log(`file: ${gen.rows} rows, ${gen.offered} offered, written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

	server = await startServer({ DATA_PATH: join(dir, 'data'), INGEST_KEYS: `bench:${KEY}`, ADMIN_USERNAME: 'bench', ADMIN_PASSWORD: 'bench-import-password', SIMULATOR: 'off' });
	const cookie = await login(server.url, 'bench', 'bench-import-password');

	// live probes: 10 s before the import (the baseline on this machine), then while it runs
	let ack: number[] = [];
	let snap: number[] = [];
	let probing = true;
	let seq = 0;
	let phase = 'before';
	let importStart = performance.now();
	let slow: [number, string][] = [];
	const probe = (async () => {
		while (probing) {
			const id = `probe-${seq++}`;
			const t0 = performance.now();
			const r = await fetch(`${server!.url}/api/v1/events`, {
				method: 'POST',
				headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
				body: JSON.stringify({ event_id: id, ts: Date.now(), type: 'contact.arrived', contact_id: id, channel: 'ticket', queue: 'presale' })
			});
			await r.text();
			if (r.status === 200) {
				ack.push(performance.now() - t0);
				slow.push([performance.now() - t0, `${phase} ${((t0 - importStart) / 1000).toFixed(1)} s`]);
			}
			const t1 = performance.now();
			const b = await fetch(`${server!.url}/api/v1/realtime`, { headers: { cookie } });
			await b.text();
			if (b.status === 200) snap.push(performance.now() - t1);
			await new Promise((res) => setTimeout(res, 100));
		}
	})();

	await new Promise((r) => setTimeout(r, 10_000));
	const base = { ack: [...ack], snap: [...snap] };
	ack = [];
	snap = [];
	slow = [];
	importStart = performance.now();
	phase = 'uploading';
	console.log(`baseline, no import (${base.ack.length} probes): ingest ack p50 ${pct(base.ack, 0.5).toFixed(0)} ms, p99 ${pct(base.ack, 0.99).toFixed(0)} ms; board snapshot p50 ${pct(base.snap, 0.5).toFixed(0)} ms, p99 ${pct(base.snap, 0.99).toFixed(0)} ms`);
	t = performance.now();
	let lastPrint = 0;
	const answer = await uploadHistory({ url: server.url, key: KEY, file }, (p) => {
		phase = p.phase;
		if (performance.now() - lastPrint > 5000) {
			lastPrint = performance.now();
			console.log(`  ${p.phase}: ${(p.bytesSent / 1048576).toFixed(0)}/${(p.bytesTotal / 1048576).toFixed(0)} MB sent, ${p.rowsDone}/${p.rowsTotal} rows checked`);
		}
	});
	const importSec = (performance.now() - t) / 1000;
	phase = "answered";
	probing = false;
	await probe;
	if (answer.status !== 200) throw new Error(`import refused: ${JSON.stringify(answer.body).slice(0, 1000)}`);

	const tc = performance.now();
	const cov = (await (await fetch(`${server.url}/api/v1/history/coverage`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as { series: { imported: { offered: number; intervals: number } }[] };
	const coverageMs = performance.now() - tc;
	const stored = cov.series.reduce((a, s) => a + s.imported.offered, 0);
	const storedRows = cov.series.reduce((a, s) => a + s.imported.intervals, 0);

	console.log('');
	console.log(`import: ${gen.rows} rows in ${importSec.toFixed(1)} s = ${Math.round(gen.rows / importSec)} rows/s (target < 60 s: ${importSec < 60 ? 'met' : 'NOT met'})`);
	console.log(`GET /api/v1/history/coverage over the stored history: ${coverageMs.toFixed(0)} ms`);
	console.log(`stored: ${storedRows} intervals, ${stored} offered (file: ${gen.rows}, ${gen.offered}) → ${stored === gen.offered && storedRows === gen.rows ? 'equal' : 'DIFFERENT'}`);
	console.log(`live ingest ack during the import (${ack.length} probes): p50 ${pct(ack, 0.5).toFixed(0)} ms, p99 ${pct(ack, 0.99).toFixed(0)} ms, max ${Math.max(...ack).toFixed(0)} ms (target p99 < 1000 ms: ${pct(ack, 0.99) < 1000 ? 'met' : 'NOT met'})`);
	console.log(`slowest acks (phase, time into the import): ${slow.sort((a, b) => b[0] - a[0]).slice(0, 3).map(([ms, at]) => `${ms.toFixed(0)} ms (${at})`).join(', ')}`);
	console.log(`board snapshot GET /api/v1/realtime during the import (${snap.length} probes): p50 ${pct(snap, 0.5).toFixed(0)} ms, p99 ${pct(snap, 0.99).toFixed(0)} ms, max ${Math.max(...snap).toFixed(0)} ms`);
} finally {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
}
