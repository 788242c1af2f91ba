import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestKeyRecord } from '../../auth/records';
import { num, numOrNull } from './token';
import { freshInsertToken } from '../dedupToken';

interface Row {
	id: string;
	source: string;
	label: string;
	key_sha256: string;
	key_prefix: string;
	created_at_ms: number | string;
	created_by: string;
	expires_at_ms: number | string | null;
	revoked_at_ms: number | string | null;
	replaced_by: string;
	version: number | string;
}

/** Every managed ingest key (revoked and expired ones too: the admin page lists them), newest version of each. */
export async function listIngestKeys(client: ClickHouseClient): Promise<IngestKeyRecord[]> {
	const rs = await client.query({
		query: `/* q:auth/listIngestKeys */ SELECT id, source, label, key_sha256, key_prefix,
		          toUnixTimestamp64Milli(created_at) AS created_at_ms, created_by,
		          toUnixTimestamp64Milli(expires_at) AS expires_at_ms, toUnixTimestamp64Milli(revoked_at) AS revoked_at_ms,
		          replaced_by, version
		        FROM auth_ingest_keys FINAL ORDER BY created_at`,
		format: 'JSONEachRow'
	});
	return (await rs.json<Row>()).map((r) => ({
		id: r.id,
		source: r.source,
		label: r.label,
		keySha256: r.key_sha256,
		keyPrefix: r.key_prefix,
		createdAtMs: num(r.created_at_ms),
		createdBy: r.created_by,
		expiresAtMs: numOrNull(r.expires_at_ms),
		revokedAtMs: numOrNull(r.revoked_at_ms),
		replacedBy: r.replaced_by,
		version: num(r.version)
	}));
}

export async function insertIngestKeys(client: ClickHouseClient, rows: IngestKeyRecord[]): Promise<void> {
	await client.insert({
		table: 'auth_ingest_keys',
		format: 'JSONEachRow',
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
		clickhouse_settings: freshInsertToken('auth-ingest-keys')
	});
}
