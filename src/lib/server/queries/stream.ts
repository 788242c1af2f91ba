import type { ClickHouseClient } from '@clickhouse/client';

/**
 * Longest stretch of row handling without a turn of the event loop. The embedded engine hands over a
 * result that is already complete, and its chunks are read without ever reaching the poll phase: a
 * start without a snapshot (millions of rows replayed) answered nothing for 74 s at a time, while the
 * port was meant to answer 503 "starting" (issue 24, decision 0100). Every `RowYield.ROWS` rows the
 * clock is read; past `SLICE_MS` a setImmediate lets pending I/O (health checks, kiosks) through.
 */
const SLICE_MS = 50;
export class RowYield {
	static readonly ROWS = 1024;
	private start = performance.now();
	/** call with the running row count; await the result only when it is a promise */
	maybe(n: number): Promise<void> | null {
		if ((n & (RowYield.ROWS - 1)) !== 0 || performance.now() - this.start < SLICE_MS) return null;
		return new Promise<void>((r) =>
			setImmediate(() => {
				this.start = performance.now();
				r();
			})
		);
	}
}

/**
 * Runs a named query and returns its result column by column: the engine packs every column into one
 * array (`groupArray`) and the client parses one JSON row. For results of tens of thousands of rows
 * (a 90-day report by agent) this was several times cheaper in CPU than row-by-row JSON from the
 * embedded engine (decision 0080). Row order is not kept: callers sort. Nullable columns must be
 * given in `nullable` (groupArray skips NULLs): they come back with null in place.
 */
export async function queryColumns(
	client: ClickHouseClient,
	tag: string,
	query: string,
	params: Record<string, unknown>,
	columns: string[],
	nullable: string[] = []
): Promise<{ n: number; col: Record<string, unknown[]> }> {
	const sel = columns
		.map((c) => (nullable.includes(c) ? `groupArray(tuple(${c})) AS ${c}` : `groupArray(${c}) AS ${c}`))
		.join(', ');
	const rs = await client.query({ query: `/* q:${tag} */ SELECT count() AS n__, ${sel} FROM (${query})`, query_params: params, format: 'JSONEachRow' });
	const [row] = (await rs.json()) as Record<string, unknown>[];
	const col: Record<string, unknown[]> = {};
	for (const c of columns) {
		const v = (row?.[c] ?? []) as unknown[];
		col[c] = nullable.includes(c) ? v.map((t) => (Array.isArray(t) ? t[0] : (t as Record<string, unknown>)?.['1'] ?? null)) : v;
	}
	return { n: Number(row?.n__ ?? 0), col };
}
