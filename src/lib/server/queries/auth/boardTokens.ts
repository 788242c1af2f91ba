import type { ClickHouseClient } from '@clickhouse/client';
import type { BoardTokenRecord } from '../../auth/records';
import { num, numOrNull } from './token';
import { freshInsertToken } from '../dedupToken';

interface Row {
	id: string;
	label: string;
	token_sha256: string;
	token_prefix: string;
	created_at_ms: number | string;
	created_by: string;
	revoked_at_ms: number | string | null;
	version: number | string;
}

/** Every board token (revoked ones too, for the admin list), newest version of each. */
export async function listBoardTokens(client: ClickHouseClient): Promise<BoardTokenRecord[]> {
	const rs = await client.query({
		query: `/* q:auth/listBoardTokens */ SELECT id, label, token_sha256, token_prefix,
		          toUnixTimestamp64Milli(created_at) AS created_at_ms, created_by,
		          toUnixTimestamp64Milli(revoked_at) AS revoked_at_ms, version
		        FROM auth_board_tokens FINAL ORDER BY created_at`,
		format: 'JSONEachRow'
	});
	return (await rs.json<Row>()).map((r) => ({
		id: r.id,
		label: r.label,
		tokenSha256: r.token_sha256,
		tokenPrefix: r.token_prefix,
		createdAtMs: num(r.created_at_ms),
		createdBy: r.created_by,
		revokedAtMs: numOrNull(r.revoked_at_ms),
		version: num(r.version)
	}));
}

export async function insertBoardTokens(client: ClickHouseClient, rows: BoardTokenRecord[]): Promise<void> {
	await client.insert({
		table: 'auth_board_tokens',
		format: 'JSONEachRow',
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
		clickhouse_settings: freshInsertToken('auth-board-tokens')
	});
}
