import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { Readable } from 'node:stream';
import * as v from 'valibot';
import { RowYield } from './stream';

/**
 * The one way a statement reaches ClickHouse (issue 23). Every query file under `queries/<area>/`
 * calls one of these with a spec:
 *
 * - `tag`    names the statement in logs and in `system.query_log` (`/* q:<tag> *\/` is prepended);
 *            by convention `<area>/<file name>`.
 * - `sql`    one statement, parameters bound as `{name: Type}`, never spliced in.
 * - `params` the values of those parameters.
 * - `row`    a valibot schema of one result row as the engine sends it, with the conversions to the
 *            domain type (64-bit integers arrive as strings, JSON columns as text): rows are checked
 *            and converted at this boundary, and a row that does not match is a `QueryRowError`
 *            naming the query, the row and the field — never a silently wrong figure on a page.
 *
 * `runQuery` collects the rows (small results); `streamQuery` hands them over as they arrive (a big
 * `.json()` blocks the event loop on the embedded engine: docs/chdb-engine.md) and `collectQuery`
 * collects them that way; `runInsert` and `runCommand` are the write and DDL sides (an insert's
 * tag names it in the code only: the client sends no query text for it). Column-wise reads for large reports stay in
 * `queries/stream.ts` (`queryColumns`).
 *
 * `settings` are ClickHouse settings for this statement only (they still stick to a chDB connection:
 * docs/chdb-engine.md). `format: 'JSONCompactEachRow'` sends each row as an array (a `v.tuple` row
 * schema), a quarter fewer bytes for long numeric results.
 */

export type RowSchema<T> = v.GenericSchema<unknown, T>;

export interface QuerySpec<T> {
	tag: string;
	sql: string;
	params?: Record<string, unknown>;
	row: RowSchema<T>;
	settings?: ClickHouseSettings;
	format?: 'JSONEachRow' | 'JSONCompactEachRow';
}

/** A result row that did not match its query's row schema. */
export class QueryRowError extends Error {
	constructor(
		readonly tag: string,
		readonly index: number,
		readonly issues: string
	) {
		super(`query ${tag}: row ${index} does not match the expected columns: ${issues}`);
		this.name = 'QueryRowError';
	}
}

function sqlOf(tag: string, sql: string): string {
	return `/* q:${tag} */ ${sql}`;
}

function describe(issues: readonly v.BaseIssue<unknown>[]): string {
	return issues
		.slice(0, 3)
		.map((i) => `${v.getDotPath(i) ?? '(row)'}: ${i.message}`)
		.join('; ');
}

/** Checks and converts one raw row; exported for queries that read rows another way (e.g. tuples). */
export function convertRow<T>(tag: string, schema: RowSchema<T>, raw: unknown, index: number): T {
	const r = v.safeParse(schema, raw);
	if (!r.success) throw new QueryRowError(tag, index, describe(r.issues));
	return r.output;
}

function send<T>(client: ClickHouseClient, spec: QuerySpec<T>) {
	return client.query({
		query: sqlOf(spec.tag, spec.sql),
		query_params: spec.params,
		format: spec.format ?? 'JSONEachRow',
		...(spec.settings ? { clickhouse_settings: spec.settings } : {})
	});
}

/** Runs a query and returns its rows, converted. For results that fit comfortably in memory. */
export async function runQuery<T>(client: ClickHouseClient, spec: QuerySpec<T>): Promise<T[]> {
	const rs = await send(client, spec);
	const raw = await rs.json<unknown>();
	return raw.map((r, i) => convertRow(spec.tag, spec.row, r, i));
}

/** Runs a query and hands each converted row to `onRow` as the rows stream in; returns the row count. */
export async function streamQuery<T>(client: ClickHouseClient, spec: QuerySpec<T>, onRow: (row: T) => void): Promise<number> {
	const rs = await send(client, spec);
	let n = 0;
	const slice = new RowYield(); // a turn of the event loop every ≈ 50 ms of rows (queries/stream.ts)
	for await (const rows of rs.stream()) {
		for (const r of rows as { json<U>(): U }[]) {
			onRow(convertRow(spec.tag, spec.row, r.json<unknown>(), n));
			n++;
			const y = slice.maybe(n);
			if (y) await y;
		}
	}
	return n;
}

/**
 * `runQuery`'s answer read as a stream, row by row: for results of thousands of rows, whose one
 * `.json()` parse would hold the event loop (docs/chdb-engine.md).
 */
export async function collectQuery<T>(client: ClickHouseClient, spec: QuerySpec<T>): Promise<T[]> {
	const out: T[] = [];
	await streamQuery(client, spec, (r) => out.push(r));
	return out;
}

export interface InsertSpec<R> {
	tag: string;
	table: string;
	/** rows, or (with `format: 'TabSeparated'`) a byte stream of the text */
	values: readonly R[] | Readable;
	/** JSONEachRow (objects, the default), JSONCompactEachRow (arrays in `columns` order) or TabSeparated text */
	format?: 'JSONEachRow' | 'JSONCompactEachRow' | 'TabSeparated';
	/** the columns written, in order (required for the compact and text formats) */
	columns?: readonly string[];
	/**
	 * The insert's dedup token (`queries/dedupToken.ts`): every insert passes one, because settings
	 * stick to a chDB connection and an insert without its own token inherits the one before it.
	 */
	token: { insert_deduplication_token: string };
	/** extra settings for this insert only */
	settings?: ClickHouseSettings;
}

/** Inserts rows into one table; an empty array writes nothing. */
export async function runInsert<R>(client: ClickHouseClient, spec: InsertSpec<R>): Promise<void> {
	if (Array.isArray(spec.values) && spec.values.length === 0) return;
	await client.insert({
		table: spec.table,
		format: spec.format ?? 'JSONEachRow',
		values: spec.values as R[],
		...(spec.columns ? { columns: [...spec.columns] as [string, ...string[]] } : {}),
		clickhouse_settings: { ...spec.settings, ...spec.token }
	});
}

export interface InsertLinesSpec {
	tag: string;
	table: string;
	/** the columns written, in order: each line is one JSON array of these values */
	columns: readonly string[];
	/** one JSONCompactEachRow line per row (no trailing newline), serialised by the caller once */
	lines: readonly string[];
	/** as in `InsertSpec`: every insert names its block (settings stick to a chDB connection) */
	token: { insert_deduplication_token: string };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The statement `runInsertLines` runs, the same text on both backends: `INSERT INTO t (c…) SETTINGS
 * insert_deduplication_token='…' FORMAT JSONCompactEachRow`. The token goes in the statement's own
 * SETTINGS clause, so it holds for this insert only (a `SET` would stick to a chDB connection).
 */
export function insertLinesSql(spec: Pick<InsertLinesSpec, 'table' | 'columns' | 'token'>): string {
	for (const id of [spec.table, ...spec.columns]) if (!IDENT.test(id)) throw new Error(`insert: ${JSON.stringify(id)} is not a plain table or column name`);
	const token = spec.token.insert_deduplication_token;
	// our tokens are `<tag>-<hex or uuid>` (queries/dedupToken.ts): nothing to escape, and nothing may need it
	if (!/^[A-Za-z0-9_.:-]+$/.test(token)) throw new Error(`insert: the dedup token ${JSON.stringify(token)} has characters outside [A-Za-z0-9_.:-]`);
	return `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) SETTINGS insert_deduplication_token='${token}' FORMAT JSONCompactEachRow`;
}

/** What `@clickhouse/client` holds when it runs on chDB (`chdb/connection`): the raw passthrough insert. */
interface ChdbRawInsert {
	rawInsert(params: { table: string; columns: string[]; values: Buffer; format: 'JSONCompactEachRow'; settings: Record<string, string> }): Promise<unknown>;
}

function chdbOf(client: ClickHouseClient): ChdbRawInsert | null {
	// The client keeps the connection it was created with (`createClient({ connection })`) in a field
	// its typings mark private; a chDB connection carries the `.chdb` extension namespace.
	const ext = (client as unknown as { connection?: { chdb?: Partial<ChdbRawInsert> } }).connection?.chdb;
	return ext && typeof ext.rawInsert === 'function' ? (ext as ChdbRawInsert) : null;
}

/**
 * Inserts rows the caller serialised once (the ingest writer, issue 24): the lines are joined into
 * one JSONCompactEachRow body and
 * - on chDB handed to the engine as one Buffer (`connection.chdb.rawInsert`: no per-row encoding in
 *   the client, no `${query}\n${body}` string concatenation, the engine's parser does the rest — the
 *   same entry as chDB's native `Session.insert` of a pre-serialised payload);
 * - on a ClickHouse server sent as the body of the same statement (`insertLinesSql`) over HTTP.
 * An empty list writes nothing.
 */
export async function runInsertLines(client: ClickHouseClient, spec: InsertLinesSpec): Promise<void> {
	if (spec.lines.length === 0) return;
	const sql = insertLinesSql(spec); // checks the names on both paths
	const body = Buffer.from(spec.lines.join('\n') + '\n', 'utf8');
	const chdb = chdbOf(client);
	if (chdb) {
		await chdb.rawInsert({ table: spec.table, columns: [...spec.columns], values: body, format: 'JSONCompactEachRow', settings: { ...spec.token } });
		return;
	}
	const { Readable } = await import('node:stream');
	const r = await client.exec({ query: sqlOf(spec.tag, sql), values: Readable.from([body], { objectMode: false }) });
	// the answer of an INSERT is empty; read it to the end so the HTTP socket is released
	for await (const chunk of r.stream) void chunk;
}

export interface CommandSpec {
	tag: string;
	sql: string;
	params?: Record<string, unknown>;
	settings?: ClickHouseSettings;
}

/** Runs a statement without a result (DDL, ALTER … DELETE, INSERT … SELECT). */
export async function runCommand(client: ClickHouseClient, spec: CommandSpec): Promise<void> {
	await client.command({
		query: sqlOf(spec.tag, spec.sql),
		query_params: spec.params,
		...(spec.settings ? { clickhouse_settings: spec.settings } : {})
	});
}

// ---- column schemas shared by the row schemas ---------------------------------------------------

/** An integer or float column; 64-bit integers arrive as strings in JSON. */
export const num = v.pipe(
	v.union([v.number(), v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'a number'))]),
	v.transform(Number)
);

/** A Nullable number column. */
export const nullableNum = v.nullable(num);

/** A UInt8 0/1 column read as a boolean. */
export const flag = v.pipe(num, v.transform((n) => n === 1));

/** A String column. */
export const str = v.string();

/** An Array(String) column. */
export const strArray = v.array(v.string());

/** A String column holding JSON written by us: parsed and checked against `schema`. */
export function jsonText<T>(schema: v.GenericSchema<unknown, T>) {
	return v.pipe(
		v.string(),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			try {
				return JSON.parse(dataset.value) as unknown;
			} catch {
				addIssue({ message: 'stored JSON that does not parse' });
				return NEVER;
			}
		}),
		schema
	);
}
