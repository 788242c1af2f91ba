import type { ClickHouseClient } from '@clickhouse/client';
import type { BoardTokenRecord } from '../../auth/records';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/** New versions of board tokens (create, rotate, revoke). */
export function insertBoardTokens(client: ClickHouseClient, rows: BoardTokenRecord[]): Promise<void> {
	return runInsert(client, {
		tag: 'auth/insertBoardTokens',
		table: 'auth_board_tokens',
		values: rows.map((t) => ({
			id: t.id,
			label: t.label,
			token_sha256: t.tokenSha256,
			token_prefix: t.tokenPrefix,
			created_at: t.createdAtMs,
			created_by: t.createdBy,
			revoked_at: t.revokedAtMs,
			version: t.version
		})),
		token: freshInsertToken('auth-board-tokens')
	});
}
