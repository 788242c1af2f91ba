/**
 * Benchmark: the full history backfill (default 760 days × 4 channels × 4 queues × 96 intervals,
 * ≈ 1.17 M rows) into a fresh embedded engine in a temp dir, then a second run that must skip.
 * Target (issue 4): < 60 s on this machine. Run: npx tsx bench/backfill.ts [--days N]
 *
 * Migrations: src/lib/server/storage/migrate.ts loads its files with Vite's import.meta.glob at
 * module load, which tsx does not provide, so this script applies the .sql files itself with the
 * same rules (no cluster: both placeholders empty; statements split at `;` ending a line).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../src/lib/server/config/defaults';
import { runBackfill } from '../src/lib/server/simulator/backfill';

const daysArg = process.argv.indexOf('--days');
const days = daysArg > 0 ? Number(process.argv[daysArg + 1]) : 760;
if (!Number.isInteger(days) || days < 1) {
	console.error(`--days must be a positive integer, got ${process.argv[daysArg + 1]}`);
	process.exit(2);
}

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '../src/lib/server/storage/migrations');
const dir = mkdtempSync(join(tmpdir(), 'bench-backfill-'));
const { createClient } = await import('@clickhouse/client');
const { createChdbConnection } = await import('chdb/connection');
const client = createClient({ connection: createChdbConnection({ path: dir }) } as Parameters<typeof createClient>[0]);
try {
	for (const file of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort()) {
		const sql = readFileSync(join(migrationsDir, file), 'utf8').replaceAll('{{ON_CLUSTER}}', '').replaceAll('{{REPLICATED}}', '');
		const statements = sql
			.split('\n')
			.filter((l) => !l.trim().startsWith('--'))
			.join('\n')
			.split(/;\s*(?:\n|$)/)
			.map((s) => s.trim())
			.filter(Boolean);
		for (const query of statements) await client.command({ query });
	}
	const endMs = Date.now();
	let lastPct = -1;
	const first = await runBackfill({
		client,
		channels: DEFAULT_CHANNELS,
		queues: DEFAULT_QUEUES,
		timezone: 'Asia/Shanghai',
		seed: 20261111,
		endMs,
		days,
		onProgress: ({ done, total, rows }) => {
			const pct = Math.floor((100 * done) / total);
			if (pct >= lastPct + 10 || done === total) {
				lastPct = pct;
				console.log(`  progress ${done}/${total} months, ${rows.toLocaleString('en')} rows`);
			}
		}
	});
	const rs = await client.query({
		query: "SELECT count() AS n, sum(offered) AS offered, min(minute) AS first, max(minute) AS last FROM contact_minute WHERE origin = 'backfill'",
		format: 'JSONEachRow'
	});
	const [stored] = await rs.json<{ n: string; offered: string; first: string; last: string }>();
	const second = await runBackfill({ client, channels: DEFAULT_CHANNELS, queues: DEFAULT_QUEUES, timezone: 'Asia/Shanghai', seed: 20261111, endMs: Date.now(), days });
	const sec = first.elapsedMs / 1000;
	console.log(
		JSON.stringify(
			{
				days,
				rows: first.rows,
				elapsedSec: Number(sec.toFixed(2)),
				rowsPerSec: Math.round(first.rows / sec),
				stored: { rows: Number(stored.n), offered: Number(stored.offered), first: stored.first, last: stored.last },
				secondRun: { skipped: second.skipped, rows: second.rows, elapsedMs: Math.round(second.elapsedMs) },
				target: '< 60 s',
				met: sec < 60
			},
			null,
			2
		)
	);
} finally {
	await client.close();
	rmSync(dir, { recursive: true, force: true });
}
