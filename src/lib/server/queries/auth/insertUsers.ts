import type { ClickHouseClient } from '@clickhouse/client';
import type { UserRecord } from '../../auth/records';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/** New versions of users (a deletion is a version with deleted = 1). Values travel as data, never as SQL. */
export function insertUsers(client: ClickHouseClient, rows: UserRecord[]): Promise<void> {
	return runInsert(client, {
		tag: 'auth/insertUsers',
		table: 'auth_users',
		values: rows.map((u) => ({
			username: u.username,
			display_name: u.displayName,
			roles: u.roles,
			password_hash: u.passwordHash,
			disabled: u.disabled ? 1 : 0,
			deleted: u.deleted ? 1 : 0,
			created_at: u.createdAtMs,
			updated_at: u.updatedAtMs,
			updated_by: u.updatedBy,
			version: u.version
		})),
		token: freshInsertToken('auth-users')
	});
}
