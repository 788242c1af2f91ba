import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

export interface AhtRow {
	channel: string;
	queue: string;
	/** local hour of day 0–23, or -1 for the whole day */
	hour: number;
	handled: number;
	ahtSec: number;
}

const Row = v.pipe(
	v.object({ channel: str, queue: str, hour: num, handled_n: num, aht_sec: num }),
	v.transform((r): AhtRow => ({ channel: r.channel, queue: r.queue, hour: r.hour, handled: r.handled_n, ahtSec: r.aht_sec }))
);

/**
 * Average handle time (pickup → closure, domain.md AHT) per channel, queue and local hour of day
 * over a source window, plus each channel/queue's whole-window figure (hour = -1).
 */
export function ahtByHour(client: ClickHouseClient, p: { fromSec: number; toSec: number; timezone: string }): Promise<AhtRow[]> {
	return runQuery(client, {
		tag: 'planning/ahtByHour',
		row: Row,
		params: p,
		settings: { group_by_use_nulls: 1 },
		sql: `SELECT channel, queue, if(isNull(h), -1, h) AS hour, sum(handled) AS handled_n, sum(handle_ms_sum) / handled_n / 1000 AS aht_sec
		      FROM (SELECT channel, queue, toHour(minute, {timezone: String}) AS h, handled, handle_ms_sum FROM contact_minute
		            WHERE minute >= toDateTime({fromSec: Int64}) AND minute < toDateTime({toSec: Int64}) AND handled > 0)
		      GROUP BY GROUPING SETS ((channel, queue, h), (channel, queue))
		      ORDER BY channel, queue, hour`
	});
}
