import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, collectQuery, str } from '../run';
import { importedNotLive } from './importedNotLive';

/** Offered per local month and channel/queue, imported (after live wins) and live together. */
export function monthlyVolume(client: ClickHouseClient, p: { tz: string }): Promise<{ month: string; channel: string; queue: string; offered: number }[]> {
	return collectQuery(client, {
		tag: 'history/monthlyVolume',
		row: v.object({ month: str, channel: str, queue: str, offered: num }),
		params: { tz: p.tz },
		sql: `SELECT month, channel, queue, sum(o) AS offered FROM (
			SELECT formatDateTime(interval_start, '%Y-%m', {tz: String}) AS month, channel, queue, offered AS o FROM (${importedNotLive('1 = 1')})
			UNION ALL
			SELECT formatDateTime(minute, '%Y-%m', {tz: String}) AS month, channel, queue, offered AS o FROM contact_minute
		 ) GROUP BY month, channel, queue HAVING offered > 0 ORDER BY month, channel, queue`
	});
}
