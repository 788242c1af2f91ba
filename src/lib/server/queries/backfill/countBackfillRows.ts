import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery } from '../run';

/** Backfill rows of `contact_minute` in [fromMs, toMs): is a month complete, missing or torn? */
export async function countBackfillRows(client: ClickHouseClient, fromMs: number, toMs: number): Promise<number> {
	const [r] = await runQuery(client, {
		tag: 'backfill/chunkRows',
		row: v.object({ n: num }),
		params: { from: Math.floor(fromMs / 1000), to: Math.ceil(toMs / 1000) },
		sql: `SELECT count() AS n FROM contact_minute
		      WHERE origin = 'backfill' AND minute >= toDateTime({from:UInt32}, 'UTC') AND minute < toDateTime({to:UInt32}, 'UTC')`
	});
	return r?.n ?? 0;
}
