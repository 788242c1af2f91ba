import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { BoardTokenRecord } from '../../auth/records';
import { nullableNum, num, runQuery, str } from '../run';

const Row = v.pipe(
	v.object({
		id: str,
		label: str,
		token_sha256: str,
		token_prefix: str,
		created_at_ms: num,
		created_by: str,
		revoked_at_ms: nullableNum,
		version: num
	}),
	v.transform(
		(r): BoardTokenRecord => ({
			id: r.id,
			label: r.label,
			tokenSha256: r.token_sha256,
			tokenPrefix: r.token_prefix,
			createdAtMs: r.created_at_ms,
			createdBy: r.created_by,
			revokedAtMs: r.revoked_at_ms,
			version: r.version
		})
	)
);

/** Every board token (revoked ones too, for the admin list), newest version of each. */
export function listBoardTokens(client: ClickHouseClient): Promise<BoardTokenRecord[]> {
	return runQuery(client, {
		tag: 'auth/listBoardTokens',
		row: Row,
		sql: `SELECT id, label, token_sha256, token_prefix,
		        toUnixTimestamp64Milli(created_at) AS created_at_ms, created_by,
		        toUnixTimestamp64Milli(revoked_at) AS revoked_at_ms, version
		      FROM auth_board_tokens FINAL ORDER BY created_at`
	});
}
