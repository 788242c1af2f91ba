import type { ClickHouseClient } from '@clickhouse/client';
import type { SessionRecord } from '../../auth/records';
import { num } from './token';
import { freshInsertToken } from '../dedupToken';

interface Row {
	id_hash: string;
	username: string;
	created_at_ms: number | string;
	last_seen_at_ms: number | string;
	expires_at_ms: number | string;
	version: number | string;
}

/** Sessions not deleted and not past their absolute expiry at `nowMs`, newest version of each. */
export async function listSessions(client: ClickHouseClient, params: { nowMs: number }): Promise<SessionRecord[]> {
	const rs = await client.query({
		query: `/* q:auth/listSessions */ SELECT id_hash, username, toUnixTimestamp64Milli(created_at) AS created_at_ms,
		          toUnixTimestamp64Milli(last_seen_at) AS last_seen_at_ms, toUnixTimestamp64Milli(expires_at) AS expires_at_ms, version
		        FROM auth_sessions FINAL
		        WHERE deleted = 0 AND expires_at > fromUnixTimestamp64Milli({nowMs: Int64})`,
		query_params: { nowMs: Math.floor(params.nowMs) },
		format: 'JSONEachRow'
	});
	return (await rs.json<Row>()).map((r) => ({
		idHash: r.id_hash,
		username: r.username,
		createdAtMs: num(r.created_at_ms),
		lastSeenAtMs: num(r.last_seen_at_ms),
		expiresAtMs: num(r.expires_at_ms),
		deleted: false,
		version: num(r.version)
	}));
}

export async function insertSessions(client: ClickHouseClient, rows: SessionRecord[]): Promise<void> {
	await client.insert({
		table: 'auth_sessions',
		format: 'JSONEachRow',
		values: rows.map((s) => ({
			id_hash: s.idHash,
			username: s.username,
			created_at: s.createdAtMs,
			last_seen_at: s.lastSeenAtMs,
			expires_at: s.expiresAtMs,
			deleted: s.deleted ? 1 : 0,
			version: s.version
		})),
		clickhouse_settings: freshInsertToken('auth-sessions')
	});
}
