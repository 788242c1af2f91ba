/**
 * npm run bench:reports — the KPI report at scale (issue 20).
 *
 * Fills a temporary data directory with --stored contact events (default 100 M) generated inside the
 * engine (INSERT … SELECT FROM numbers() in chunks; the materialized views of migrations 0002 and 0060
 * run on every chunk as they would on live ingest), spread over --days (default 180) days ending
 * yesterday: 20 M contacts of 5 events each (arrival; answer or abandon; resolution; rating for half;
 * a reopen 1–10 days later for 5 %), 400 agents in 20 teams, 8 M customers, 4 channels, 4 queues.
 * Then it times the whole report (kpiReport: rollup query + FCR + 投诉二次率, one after the other on
 * one connection, as the API runs it) for the last 90 days by day × channel × queue and by day × agent,
 * --runs times each, and prints p50 / p95 / max. Targets: p95 < 1 s and < 2 s. The data directory is
 * deleted at the end (also on failure).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { DEFAULT_CHANNELS } from '../src/lib/server/config/defaults';
import { kpiReport, type ReportRequest } from '../src/lib/server/reports/kpis';
import { bundledMigrations, migrate } from '../src/lib/server/storage/migrate';
import { generateReportEvents } from '../tests/helpers/reportData';

const { values: args } = parseArgs({
	options: {
		stored: { type: 'string', default: '100000000' },
		days: { type: 'string', default: '180' },
		runs: { type: 'string', default: '20' },
		chunk: { type: 'string', default: '5000000' },
		/** keep the data directory at this path (for profiling); default: a temp dir, deleted */
		keep: { type: 'string' }
	}
});
const stored = Number(args.stored);
const days = Number(args.days);
const runs = Number(args.runs);
const chunk = Number(args.chunk);
const TZ = 'Asia/Shanghai';

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};

async function main(dir: string) {
	const { createClient } = await import('@clickhouse/client');
	const { createChdbConnection } = await import('chdb/connection');
	const client = createClient({ connection: createChdbConnection({ path: dir }) } as Parameters<typeof createClient>[0]);
	await migrate(client, bundledMigrations(), { cluster: null });
	const endDay = DateTime.now().setZone(TZ).startOf('day'); // exclusive: data ends yesterday
	const fromMs = endDay.minus({ days }).toMillis();
	const spanMs = endDay.toMillis() - fromMs - 3 * 3600_000; // leave room for the last contacts' later events
	const contacts = Math.floor(stored / 5);
	console.log(`bench:reports — ${(stored / 1e6).toFixed(0)} M events (${(contacts / 1e6).toFixed(1)} M contacts) over ${days} days, data in ${dir}`);
	const t0 = performance.now();
	for (let off = 0; off < stored; off += chunk) {
		const n = Math.min(chunk, stored - off);
		await generateReportEvents(client, { off, n, total: stored, fromMs, spanMs });
		const s = (performance.now() - t0) / 1000;
		process.stdout.write(`\r  generated ${((off + n) / 1e6).toFixed(0)} M events in ${s.toFixed(0)} s (${((off + n) / s / 1000).toFixed(0)} k events/s incl. the views)`);
	}
	process.stdout.write('\n');
	const fillSec = (performance.now() - t0) / 1000;
	const q = async (sql: string) => ((await (await client.query({ query: sql, format: 'JSONEachRow' })).json()) as Record<string, string>[])[0];
	const counts = await q(`SELECT (SELECT count() FROM contact_events) AS events, (SELECT count() FROM report_hour) AS hour_rows,
	  (SELECT count() FROM report_hour_cq) AS cq_rows, (SELECT count() FROM report_marks) AS marks`);
	console.log(`  stored: ${counts.events} events; rollup rows report_hour ${counts.hour_rows}, report_hour_cq ${counts.cq_rows}; report_marks ${counts.marks}`);

	const to = endDay.minus({ days: 1 }).toISODate()!;
	const from = endDay.minus({ days: 90 }).toISODate()!;
	const ctx = { timezone: TZ, channels: DEFAULT_CHANNELS, reports: { fcrWindowDays: 7, complaintRepeatDays: 7, complaintQueues: ['complaint'] } };
	const cases: { name: string; target: number; req: ReportRequest }[] = [
		{ name: '90 days by day × channel × queue', target: 1000, req: { from, to, by: 'day', dims: ['channel', 'queue'], filters: {} } },
		{ name: '90 days by day × agent', target: 2000, req: { from, to, by: 'day', dims: ['agent'], filters: {} } }
	];
	console.log(`  report ${from} … ${to} (${TZ}), ${runs} runs each after one warm-up; machine shared with other work`);
	const results = [];
	for (const c of cases) {
		const first = await kpiReport(client, c.req, ctx); // warm-up
		const times: number[] = [];
		for (let k = 0; k < runs; k++) {
			const s = performance.now();
			await kpiReport(client, c.req, ctx);
			times.push(performance.now() - s);
		}
		const p95 = pct(times, 0.95);
		const offered = first.reduce((a, r) => a + r.offered, 0);
		console.log(
			`  ${c.name}: ${first.length} rows (offered ${offered}); p50 ${pct(times, 0.5).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms — target p95 < ${c.target} ms: ${p95 < c.target ? 'MET' : 'NOT MET'}`
		);
		results.push({ name: c.name, p95, target: c.target });
	}
	await client.close();
	console.log(`  fill: ${fillSec.toFixed(0)} s (${(stored / fillSec / 1000).toFixed(0)} k events/s)`);
	return results;
}

const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'bench-reports-'));
try {
	await main(dir);
} finally {
	if (!args.keep) {
		rmSync(dir, { recursive: true, force: true });
		console.log(`  removed ${dir}`);
	}
}
