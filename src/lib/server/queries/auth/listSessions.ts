import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { SessionRecord } from '../../auth/records';
import { num, runQuery, str } from '../run';

const Row = v.pipe(
	v.object({ id_hash: str, username: str, created_at_ms: num, last_seen_at_ms: num, expires_at_ms: num, version: num }),
	v.transform(
		(r): SessionRecord => ({
			idHash: r.id_hash,
			username: r.username,
			createdAtMs: r.created_at_ms,
			lastSeenAtMs: r.last_seen_at_ms,
			expiresAtMs: r.expires_at_ms,
			deleted: false,
			version: r.version
		})
	)
);

/** Sessions not deleted and not past their absolute expiry at `nowMs`, newest version of each. */
export function listSessions(client: ClickHouseClient, params: { nowMs: number }): Promise<SessionRecord[]> {
	return runQuery(client, {
		tag: 'auth/listSessions',
		row: Row,
		params: { nowMs: Math.floor(params.nowMs) },
		sql: `SELECT id_hash, username, toUnixTimestamp64Milli(created_at) AS created_at_ms,
		        toUnixTimestamp64Milli(last_seen_at) AS last_seen_at_ms, toUnixTimestamp64Milli(expires_at) AS expires_at_ms, version
		      FROM auth_sessions FINAL
		      WHERE deleted = 0 AND expires_at > fromUnixTimestamp64Milli({nowMs: Int64})`
	});
}
