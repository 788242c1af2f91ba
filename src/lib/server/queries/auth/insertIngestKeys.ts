import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestKeyRecord } from '../../auth/records';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/** New versions of ingest keys (create, rotate, revoke). */
export function insertIngestKeys(client: ClickHouseClient, rows: IngestKeyRecord[]): Promise<void> {
	return runInsert(client, {
		tag: 'auth/insertIngestKeys',
		table: 'auth_ingest_keys',
		values: rows.map((k) => ({
			id: k.id,
			source: k.source,
			label: k.label,
			key_sha256: k.keySha256,
			key_prefix: k.keyPrefix,
			created_at: k.createdAtMs,
			created_by: k.createdBy,
			expires_at: k.expiresAtMs,
			revoked_at: k.revokedAtMs,
			replaced_by: k.replacedBy,
			version: k.version
		})),
		token: freshInsertToken('auth-ingest-keys')
	});
}
