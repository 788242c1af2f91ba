import type { ClickHouseClient } from '@clickhouse/client';
import type { UserRecord } from '../../auth/records';
import { isRole } from '../../auth/roles';
import { num } from './token';
import { freshInsertToken } from '../dedupToken';

interface Row {
	username: string;
	display_name: string;
	roles: string[];
	password_hash: string;
	disabled: number;
	created_at_ms: number | string;
	updated_at_ms: number | string;
	updated_by: string;
	version: number | string;
}

/** Every user not deleted, newest version of each (the table is small: read whole at start). */
export async function listUsers(client: ClickHouseClient): Promise<UserRecord[]> {
	const rs = await client.query({
		query: `/* q:auth/listUsers */ SELECT username, display_name, roles, password_hash, disabled,
		          toUnixTimestamp64Milli(created_at) AS created_at_ms, toUnixTimestamp64Milli(updated_at) AS updated_at_ms,
		          updated_by, version
		        FROM auth_users FINAL WHERE deleted = 0 ORDER BY username`,
		format: 'JSONEachRow'
	});
	return (await rs.json<Row>()).map((r) => ({
		username: r.username,
		displayName: r.display_name,
		roles: r.roles.filter(isRole),
		passwordHash: r.password_hash,
		disabled: Number(r.disabled) === 1,
		deleted: false,
		createdAtMs: num(r.created_at_ms),
		updatedAtMs: num(r.updated_at_ms),
		updatedBy: r.updated_by,
		version: num(r.version)
	}));
}

/** New versions of users (a deletion is a version with deleted = 1). Values travel as data, never as SQL. */
export async function insertUsers(client: ClickHouseClient, rows: UserRecord[]): Promise<void> {
	await client.insert({
		table: 'auth_users',
		format: 'JSONEachRow',
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
		clickhouse_settings: freshInsertToken('auth-users')
	});
}
