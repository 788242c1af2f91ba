import type { ClickHouseClient } from '@clickhouse/client';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';
import type { DigestLogRow } from './digestLog';

/**
 * Logs digest attempts. With a token of its own: before, this insert passed none and could inherit
 * the one left on the connection (docs/chdb-engine.md) and be dropped as that block's duplicate.
 */
export function insertDigestLog(client: ClickHouseClient, rows: readonly DigestLogRow[]): Promise<void> {
	return runInsert(client, {
		tag: 'reports/insertDigestLog',
		table: 'report_digest_log',
		values: rows.map(({ sent_at_ms, ...r }) => ({ ...r, sent_at: sent_at_ms })),
		token: freshInsertToken('report-digest')
	});
}
