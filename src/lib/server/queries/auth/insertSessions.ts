import type { ClickHouseClient } from '@clickhouse/client';
import type { SessionRecord } from '../../auth/records';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/** New versions of sessions (touch, logout = deleted). */
export function insertSessions(client: ClickHouseClient, rows: SessionRecord[]): Promise<void> {
	return runInsert(client, {
		tag: 'auth/insertSessions',
		table: 'auth_sessions',
		values: rows.map((s) => ({
			id_hash: s.idHash,
			username: s.username,
			created_at: s.createdAtMs,
			last_seen_at: s.lastSeenAtMs,
			expires_at: s.expiresAtMs,
			deleted: s.deleted ? 1 : 0,
			version: s.version
		})),
		token: freshInsertToken('auth-sessions')
	});
}
