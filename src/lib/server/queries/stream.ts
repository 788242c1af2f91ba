import type { ClickHouseClient } from '@clickhouse/client';

/**
 * Runs a named query and hands its rows to `onRow` as they stream in, without collecting them
 * (a big `.json()` blocks the event loop: docs/chdb-engine.md). The tag names the query in logs
 * and in system.query_log.
 */
export async function streamRows<T>(
	client: ClickHouseClient,
	tag: string,
	query: string,
	params: Record<string, unknown>,
	onRow: (row: T) => void
): Promise<number> {
	const rs = await client.query({ query: `/* q:${tag} */ ${query}`, query_params: params, format: 'JSONEachRow' });
	let n = 0;
	for await (const rows of rs.stream()) {
		for (const r of rows as { json<U>(): U }[]) {
			onRow(r.json<T>());
			n++;
		}
	}
	return n;
}
