import { describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { collectQuery, flag, jsonText, nullableNum, num, QueryRowError, runCommand, runInsert, runQuery, str, streamQuery } from '../../src/lib/server/queries/run';

/**
 * queries/run.ts against a tiny fake client (no engine): what is sent, and how rows are checked
 * and converted. The raw rows below are what ClickHouse's JSONEachRow sends: 64-bit integers as
 * strings (output_format_json_quote_64bit_integers, on by default), Nullable as null, JSON columns
 * as text. Every expected value is the input written out by hand.
 */
interface Call {
	kind: 'query' | 'insert' | 'command';
	args: Record<string, unknown>;
}
function fakeClient(rows: unknown[] = []): { client: ClickHouseClient; calls: Call[] } {
	const calls: Call[] = [];
	const client = {
		async query(args: Record<string, unknown>) {
			calls.push({ kind: 'query', args });
			return {
				json: async () => rows,
				// the real client yields batches of rows, each with its own json()
				stream: async function* () {
					yield rows.slice(0, 1).map((r) => ({ json: () => r }));
					yield rows.slice(1).map((r) => ({ json: () => r }));
				}
			};
		},
		async insert(args: Record<string, unknown>) {
			calls.push({ kind: 'insert', args });
		},
		async command(args: Record<string, unknown>) {
			calls.push({ kind: 'command', args });
		}
	};
	return { client: client as unknown as ClickHouseClient, calls };
}

const Row = v.object({ id: str, n: num, score: nullableNum, on: flag });

describe('runQuery', () => {
	it('names the statement in the SQL, binds parameters, and converts 64-bit strings, nulls and flags', async () => {
		const { client, calls } = fakeClient([
			{ id: 'a', n: '18446744073709551', score: null, on: 1 },
			{ id: 'b', n: 7, score: '2.5', on: 0 }
		]);
		const rows = await runQuery(client, { tag: 'test/rows', sql: 'SELECT id, n FROM t WHERE x = {x: UInt8}', params: { x: 1 }, row: Row });
		// '18446744073709551' → the number 18446744073709551 (JS rounds it to the nearest double, as Number() does)
		expect(rows).toEqual([
			{ id: 'a', n: Number('18446744073709551'), score: null, on: true },
			{ id: 'b', n: 7, score: 2.5, on: false }
		]);
		expect(calls).toHaveLength(1);
		expect(calls[0].args.query).toBe('/* q:test/rows */ SELECT id, n FROM t WHERE x = {x: UInt8}');
		expect(calls[0].args.query_params).toEqual({ x: 1 });
		expect(calls[0].args.format).toBe('JSONEachRow');
		expect(calls[0].args).not.toHaveProperty('clickhouse_settings');
	});

	it('passes settings and the compact format when asked', async () => {
		const { client, calls } = fakeClient([['1700000000', '12']]);
		const rows = await runQuery(client, {
			tag: 'test/compact',
			sql: 'SELECT t, offered',
			format: 'JSONCompactEachRow',
			settings: { group_by_use_nulls: 1 },
			row: v.pipe(v.tuple([num, num]), v.transform(([t, offered]) => ({ t, offered })))
		});
		expect(rows).toEqual([{ t: 1700000000, offered: 12 }]);
		expect(calls[0].args.format).toBe('JSONCompactEachRow');
		expect(calls[0].args.clickhouse_settings).toEqual({ group_by_use_nulls: 1 });
	});

	it('a row that does not match is a QueryRowError naming the query, the row and the field', async () => {
		const { client } = fakeClient([
			{ id: 'a', n: '1', score: null, on: 0 },
			{ id: 'b', n: 'twelve', score: null, on: 0 }
		]);
		const err = await runQuery(client, { tag: 'test/bad', sql: 'SELECT 1', row: Row }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(QueryRowError);
		const e = err as QueryRowError;
		expect(e.tag).toBe('test/bad');
		expect(e.index).toBe(1);
		expect(e.issues).toMatch(/^n: /);
		expect(e.message).toContain('query test/bad: row 1');
	});

	it('a missing column is named too', async () => {
		const { client } = fakeClient([{ id: 'a', score: null, on: 0 }]);
		const e = (await runQuery(client, { tag: 'test/missing', sql: 'SELECT 1', row: Row }).catch((x: unknown) => x)) as QueryRowError;
		expect(e).toBeInstanceOf(QueryRowError);
		expect(e.issues).toMatch(/^n: /);
	});
});

describe('jsonText', () => {
	const Stored = v.object({ rec: jsonText(v.object({ status: v.picklist(['firing', 'resolved']), level: v.number() })) });

	it('parses and checks a JSON column', async () => {
		const { client } = fakeClient([{ rec: '{"status":"firing","level":2}' }]);
		expect(await runQuery(client, { tag: 'test/json', sql: 'SELECT rec', row: Stored })).toEqual([{ rec: { status: 'firing', level: 2 } }]);
	});

	it('rejects JSON that does not parse, naming the column', async () => {
		const { client } = fakeClient([{ rec: '{"status":"firing",' }]);
		const e = (await runQuery(client, { tag: 'test/json', sql: 'SELECT rec', row: Stored }).catch((x: unknown) => x)) as QueryRowError;
		expect(e).toBeInstanceOf(QueryRowError);
		expect(e.index).toBe(0);
		expect(e.issues).toBe('rec: stored JSON that does not parse');
	});

	it('rejects JSON of the wrong shape, naming the field inside it', async () => {
		const { client } = fakeClient([{ rec: '{"status":"exploded","level":2}' }]);
		const e = (await runQuery(client, { tag: 'test/json', sql: 'SELECT rec', row: Stored }).catch((x: unknown) => x)) as QueryRowError;
		expect(e).toBeInstanceOf(QueryRowError);
		expect(e.issues).toMatch(/^rec\.status: /);
	});
});

describe('streamQuery and collectQuery', () => {
	it('hand over converted rows across batches and count them', async () => {
		const { client } = fakeClient([
			{ id: 'a', n: '1', score: null, on: 1 },
			{ id: 'b', n: '2', score: null, on: 0 },
			{ id: 'c', n: '3', score: '4', on: 0 }
		]);
		const seen: number[] = [];
		const count = await streamQuery(client, { tag: 'test/stream', sql: 'SELECT 1', row: Row }, (r) => seen.push(r.n));
		expect(count).toBe(3);
		expect(seen).toEqual([1, 2, 3]);
		expect((await collectQuery(client, { tag: 'test/stream', sql: 'SELECT 1', row: Row })).map((r) => r.id)).toEqual(['a', 'b', 'c']);
	});

	it('a bad row in a later batch names its index in the whole result', async () => {
		const { client } = fakeClient([
			{ id: 'a', n: '1', score: null, on: 1 },
			{ id: 'b', n: '2', score: null, on: 0 },
			{ id: 'c', n: '3', score: null, on: 'yes' }
		]);
		const e = (await collectQuery(client, { tag: 'test/stream', sql: 'SELECT 1', row: Row }).catch((x: unknown) => x)) as QueryRowError;
		expect(e).toBeInstanceOf(QueryRowError);
		expect(e.index).toBe(2);
		expect(e.issues).toMatch(/^on: /);
	});
});

describe('runInsert and runCommand', () => {
	it('an insert carries its own dedup token with its settings; an empty one is not sent', async () => {
		const { client, calls } = fakeClient();
		await runInsert(client, { tag: 'test/insert', table: 't', values: [], token: { insert_deduplication_token: 'x-1' } });
		expect(calls).toHaveLength(0);
		await runInsert(client, { tag: 'test/insert', table: 't', values: [{ a: 1 }], token: { insert_deduplication_token: 'x-2' }, settings: { os_thread_priority: '10' } });
		expect(calls[0].args).toEqual({ table: 't', format: 'JSONEachRow', values: [{ a: 1 }], clickhouse_settings: { os_thread_priority: '10', insert_deduplication_token: 'x-2' } });
		await runInsert(client, { tag: 'test/insert', table: 't', format: 'JSONCompactEachRow', columns: ['a', 'b'], values: [[1, 2]], token: { insert_deduplication_token: 'x-3' } });
		expect(calls[1].args.columns).toEqual(['a', 'b']);
		expect(calls[1].args.format).toBe('JSONCompactEachRow');
	});

	it('a command is named and passes its parameters and settings', async () => {
		const { client, calls } = fakeClient();
		await runCommand(client, { tag: 'test/cmd', sql: 'ALTER TABLE t DELETE WHERE a = {a: UInt8}', params: { a: 1 }, settings: { mutations_sync: '2' } });
		expect(calls[0]).toEqual({
			kind: 'command',
			args: { query: '/* q:test/cmd */ ALTER TABLE t DELETE WHERE a = {a: UInt8}', query_params: { a: 1 }, clickhouse_settings: { mutations_sync: '2' } }
		});
	});
});

describe('column schemas', () => {
	it('num takes numbers and numeric strings only', () => {
		expect(v.parse(num, '-12.5e2')).toBe(-1250);
		expect(v.safeParse(num, '12abc').success).toBe(false);
		expect(v.safeParse(num, '').success).toBe(false);
		expect(v.safeParse(num, null).success).toBe(false);
	});
});
