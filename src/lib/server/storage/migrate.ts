import type { ClickHouseClient } from '@clickhouse/client';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { appliedMigrations } from '../queries/storage/appliedMigrations';
import { recordMigration } from '../queries/storage/recordMigration';
import { runCommand } from '../queries/run';

/** A numbered schema migration; files live in ./migrations as NNNN_name.sql. */
export interface Migration {
	version: number;
	name: string;
	sql: string;
}

export interface MigrationOptions {
	/** cluster name: turns on `ON CLUSTER` and Replicated engines (docs/decisions/0004-cluster-mode.md) */
	cluster: string | null;
}

export interface MigrationReport {
	applied: { version: number; name: string }[];
	current: number;
	total: number;
}

/**
 * Vite (app, vitest) inlines the files at build time; plain Node (tsx scripts, benchmarks) has no
 * import.meta.glob, so there we read the folder next to this file.
 */
function loadFiles(): Record<string, string> {
	try {
		return import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
	} catch {
		const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
		return Object.fromEntries(
			readdirSync(dir)
				.filter((f) => f.endsWith('.sql'))
				.map((f) => [`./migrations/${f}`, readFileSync(`${dir}${f}`, 'utf8')])
		);
	}
}
const FILES = loadFiles();

/** The migrations shipped with this build, in version order. */
export function bundledMigrations(): Migration[] {
	return Object.entries(FILES)
		.map(([file, sql]) => {
			const m = /\/(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
			if (!m) throw new Error(`migrations: file ${file} must be named NNNN_name.sql`);
			return { version: Number(m[1]), name: m[2], sql };
		})
		.sort((a, b) => a.version - b.version);
}

/**
 * Renders the two cluster placeholders. They are the only raw SQL fragments we splice in, and both
 * come from validated configuration (the cluster name matches /^[A-Za-z_][A-Za-z0-9_]*$/), never from a request.
 * - `{{ON_CLUSTER}}` → `ON CLUSTER name` or nothing;
 * - `{{REPLICATED}}` → `Replicated` or nothing, prefixed to a *MergeTree engine name.
 */
export function renderMigration(sql: string, opts: MigrationOptions): string {
	if (opts.cluster !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.cluster)) {
		throw new Error(`migrations: cluster name ${JSON.stringify(opts.cluster)} is not a plain identifier`);
	}
	return sql
		.replaceAll('{{ON_CLUSTER}}', opts.cluster ? `ON CLUSTER ${opts.cluster}` : '')
		.replaceAll('{{REPLICATED}}', opts.cluster ? 'Replicated' : '');
}

/** Splits a migration into statements at semicolons that end a line; `--` comments are dropped. */
export function splitStatements(sql: string): string[] {
	return sql
		.split('\n')
		.filter((line) => !line.trim().startsWith('--'))
		.join('\n')
		.split(/;\s*(?:\n|$)/)
		.map((s) => s.trim())
		.filter(Boolean);
}

function checksum(sql: string): string {
	return createHash('sha256').update(sql).digest('hex').slice(0, 16);
}

/**
 * Applies, in version order, every migration not yet recorded in `schema_migrations`.
 * Statements are idempotent (IF NOT EXISTS), so a crash half-way re-runs safely; a migration is
 * recorded only after all its statements succeeded. An applied migration whose text has changed
 * stops start-up: edit history by adding a new migration, never by rewriting an old one.
 */
export async function migrate(
	client: ClickHouseClient,
	migrations: Migration[],
	opts: MigrationOptions
): Promise<MigrationReport> {
	await runCommand(client, {
		tag: 'migrations/createTable',
		sql: renderMigration(
			`CREATE TABLE IF NOT EXISTS schema_migrations {{ON_CLUSTER}} (
				version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC')
			) ENGINE = {{REPLICATED}}MergeTree ORDER BY version`,
			opts
		)
	});
	const done = new Map((await appliedMigrations(client)).map((r) => [r.version, r]));
	const applied: MigrationReport['applied'] = [];
	for (const m of migrations) {
		const sum = checksum(m.sql);
		const prior = done.get(m.version);
		if (prior) {
			if (prior.checksum !== sum) {
				throw new Error(
					`migrations: ${String(m.version).padStart(4, '0')}_${m.name}.sql was changed after it was applied (checksum ${prior.checksum} → ${sum}); add a new migration instead`
				);
			}
			continue;
		}
		for (const stmt of splitStatements(renderMigration(m.sql, opts))) {
			try {
				await runCommand(client, { tag: `migrations/${String(m.version).padStart(4, '0')}_${m.name}`, sql: stmt });
			} catch (err) {
				throw new Error(
					`migrations: ${String(m.version).padStart(4, '0')}_${m.name}.sql failed at statement "${stmt.slice(0, 80)}…": ${(err as Error).message}`
				);
			}
		}
		await recordMigration(client, { version: m.version, name: m.name, checksum: sum, appliedAtMs: Date.now() });
		applied.push({ version: m.version, name: m.name });
	}
	const last = migrations.at(-1)?.version ?? 0;
	return { applied, current: last, total: migrations.length };
}
