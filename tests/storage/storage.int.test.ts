import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { bundledMigrations, migrate, renderMigration, splitStatements } from '../../src/lib/server/storage/migrate';
import { count, openEngine, tempDir } from '../helpers/engine';

const row = (id: string) => ({
	event_id: id,
	ts: Date.now(),
	received_at: Date.now(),
	type: 'contact.arrived',
	contact_id: `c-${id}`,
	channel: 'chat',
	queue: 'presale',
	source: 'test'
});

describe('storage on the embedded engine', () => {
	const dir = tempDir();
	let client: ClickHouseClient;

	beforeAll(async () => {
		client = await openEngine(dir.path);
	});
	afterAll(async () => {
		await client.close();
		dir.cleanup();
	});

	it('applies the migrations once and records them', async () => {
		const first = await migrate(client, bundledMigrations(), { cluster: null });
		expect(first.applied.map((m) => m.version)).toEqual(bundledMigrations().map((m) => m.version));
		const second = await migrate(client, bundledMigrations(), { cluster: null });
		expect(second.applied).toEqual([]);
		expect(await count(client, 'SELECT count() FROM schema_migrations')).toBe(bundledMigrations().length);
	});

	it('drops an insert that repeats a dedup token, and keeps the next insert without one', async () => {
		await client.insert({ table: 'contact_events', values: [row('d1')], format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'tok-A' } });
		await client.insert({ table: 'contact_events', values: [row('d2')], format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'tok-A' } });
		expect(await count(client, "SELECT count() FROM contact_events WHERE event_id IN ('d1','d2')")).toBe(1);
		// docs/chdb-engine.md: a token passed on one call sticks to the connection; our writer passes a fresh
		// token on every insert, and this checks that a different token still writes.
		await client.insert({ table: 'contact_events', values: [row('d3')], format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'tok-B' } });
		expect(await count(client, "SELECT count() FROM contact_events WHERE event_id = 'd3'")).toBe(1);
	});

	it('drops an identical block retried without a token (dedup window > 0)', async () => {
		const block = [row('b1'), row('b2')];
		await client.insert({ table: 'contact_events', values: block, format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'blk-1' } });
		await client.insert({ table: 'contact_events', values: block, format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'blk-1' } });
		expect(await count(client, "SELECT count() FROM contact_events WHERE event_id IN ('b1','b2')")).toBe(2);
	});

	it('keeps the data and the dedup memory across a close and reopen', async () => {
		await client.close();
		client = await openEngine(dir.path);
		expect(await count(client, "SELECT count() FROM contact_events WHERE event_id IN ('d1','d3','b1','b2')")).toBe(4);
		await client.insert({ table: 'contact_events', values: [row('d9')], format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'tok-A' } });
		expect(await count(client, "SELECT count() FROM contact_events WHERE event_id = 'd9'")).toBe(0);
		expect((await migrate(client, bundledMigrations(), { cluster: null })).applied).toEqual([]);
	});

	it('keeps the per-minute aggregate in step with raw events', async () => {
		const before = await count(client, "SELECT sum(offered) FROM contact_minute WHERE channel = 'chat'");
		await client.insert({ table: 'contact_events', values: [row('m1'), row('m2')], format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'mv-1' } });
		expect(await count(client, "SELECT sum(offered) FROM contact_minute WHERE channel = 'chat'")).toBe(before + 2);
	});

	it('refuses a migration edited after it was applied', async () => {
		const edited = bundledMigrations().map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
		await expect(migrate(client, edited, { cluster: null })).rejects.toThrow(/was changed after it was applied/);
	});
});

describe('cluster rendering', () => {
	it('adds ON CLUSTER and Replicated engines only in cluster mode', () => {
		const sql = 'CREATE TABLE t {{ON_CLUSTER}} (a UInt8) ENGINE = {{REPLICATED}}MergeTree ORDER BY a';
		expect(renderMigration(sql, { cluster: null })).toBe('CREATE TABLE t  (a UInt8) ENGINE = MergeTree ORDER BY a');
		expect(renderMigration(sql, { cluster: 'cs' })).toBe('CREATE TABLE t ON CLUSTER cs (a UInt8) ENGINE = ReplicatedMergeTree ORDER BY a');
		expect(() => renderMigration(sql, { cluster: 'x; DROP TABLE t' })).toThrow(/not a plain identifier/);
	});

	it('every bundled migration renders to statements in both modes', () => {
		for (const m of bundledMigrations()) {
			for (const cluster of [null, 'main']) {
				const stmts = splitStatements(renderMigration(m.sql, { cluster }));
				expect(stmts.length).toBeGreaterThan(0);
				for (const s of stmts) expect(s).not.toMatch(/\{\{/);
			}
		}
	});
});
