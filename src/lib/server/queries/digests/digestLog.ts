import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

/** One attempt to send a report digest to one target (report_digest_log). */
export const DigestLogRowSchema = v.object({
	digest_id: str,
	kind: str,
	period_from: str,
	period_to: str,
	target_id: str,
	ok: num,
	error: str,
	sent_at_ms: num
});
export type DigestLogRow = v.InferOutput<typeof DigestLogRowSchema>;

/** The digest log, newest first (for /api/v1/reports/digests). */
export function digestLog(client: ClickHouseClient, limit: number): Promise<DigestLogRow[]> {
	return runQuery(client, {
		tag: 'reports/digestLog',
		row: DigestLogRowSchema,
		params: { limit },
		sql: `SELECT digest_id, kind, toString(period_from) AS period_from, toString(period_to) AS period_to, target_id, ok, error,
		        toUnixTimestamp64Milli(sent_at) AS sent_at_ms FROM report_digest_log ORDER BY sent_at DESC LIMIT {limit: UInt32}`
	});
}
