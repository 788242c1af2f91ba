import type { ClickHouseClient } from '@clickhouse/client';

export interface AhtRow {
	channel: string;
	queue: string;
	/** local hour of day 0–23, or -1 for the whole day */
	hour: number;
	handled: number;
	ahtSec: number;
}

/**
 * Average handle time (pickup → closure, domain.md AHT) per channel, queue and local hour of day
 * over a source window, plus each channel/queue's whole-window figure (hour = -1).
 */
export async function ahtByHour(client: ClickHouseClient, p: { fromSec: number; toSec: number; timezone: string }): Promise<AhtRow[]> {
	const rs = await client.query({
		query: `/* q:planning/ahtByHour */
			SELECT channel, queue, if(isNull(h), -1, h) AS hour, sum(handled) AS handled_n, sum(handle_ms_sum) / handled_n / 1000 AS aht_sec
			FROM (SELECT channel, queue, toHour(minute, {timezone: String}) AS h, handled, handle_ms_sum FROM contact_minute
			      WHERE minute >= toDateTime({fromSec: Int64}) AND minute < toDateTime({toSec: Int64}) AND handled > 0)
			GROUP BY GROUPING SETS ((channel, queue, h), (channel, queue))
			ORDER BY channel, queue, hour`,
		query_params: p,
		format: 'JSONEachRow',
		clickhouse_settings: { group_by_use_nulls: 1 }
	});
	const rows = await rs.json<{ channel: string; queue: string; hour: number | string; handled_n: number | string; aht_sec: number | string }>();
	return rows.map((r) => ({ channel: r.channel, queue: r.queue, hour: Number(r.hour), handled: Number(r.handled_n), ahtSec: Number(r.aht_sec) }));
}
