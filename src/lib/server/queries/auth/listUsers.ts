import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { UserRecord } from '../../auth/records';
import { isRole } from '../../auth/roles';
import { flag, num, runQuery, str, strArray } from '../run';

const Row = v.pipe(
	v.object({
		username: str,
		display_name: str,
		roles: strArray,
		password_hash: str,
		disabled: flag,
		created_at_ms: num,
		updated_at_ms: num,
		updated_by: str,
		version: num
	}),
	v.transform(
		(r): UserRecord => ({
			username: r.username,
			displayName: r.display_name,
			roles: r.roles.filter(isRole),
			passwordHash: r.password_hash,
			disabled: r.disabled,
			deleted: false,
			createdAtMs: r.created_at_ms,
			updatedAtMs: r.updated_at_ms,
			updatedBy: r.updated_by,
			version: r.version
		})
	)
);

/** Every user not deleted, newest version of each (the table is small: read whole at start). */
export function listUsers(client: ClickHouseClient): Promise<UserRecord[]> {
	return runQuery(client, {
		tag: 'auth/listUsers',
		row: Row,
		sql: `SELECT username, display_name, roles, password_hash, disabled,
		        toUnixTimestamp64Milli(created_at) AS created_at_ms, toUnixTimestamp64Milli(updated_at) AS updated_at_ms,
		        updated_by, version
		      FROM auth_users FINAL WHERE deleted = 0 ORDER BY username`
	});
}
