import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { IngestKeyRecord } from '../../auth/records';
import { nullableNum, num, runQuery, str } from '../run';

const Row = v.pipe(
	v.object({
		id: str,
		source: str,
		label: str,
		key_sha256: str,
		key_prefix: str,
		created_at_ms: num,
		created_by: str,
		expires_at_ms: nullableNum,
		revoked_at_ms: nullableNum,
		replaced_by: str,
		version: num
	}),
	v.transform(
		(r): IngestKeyRecord => ({
			id: r.id,
			source: r.source,
			label: r.label,
			keySha256: r.key_sha256,
			keyPrefix: r.key_prefix,
			createdAtMs: r.created_at_ms,
			createdBy: r.created_by,
			expiresAtMs: r.expires_at_ms,
			revokedAtMs: r.revoked_at_ms,
			replacedBy: r.replaced_by,
			version: r.version
		})
	)
);

/** Every managed ingest key (revoked and expired ones too: the admin page lists them), newest version of each. */
export function listIngestKeys(client: ClickHouseClient): Promise<IngestKeyRecord[]> {
	return runQuery(client, {
		tag: 'auth/listIngestKeys',
		row: Row,
		sql: `SELECT id, source, label, key_sha256, key_prefix,
		        toUnixTimestamp64Milli(created_at) AS created_at_ms, created_by,
		        toUnixTimestamp64Milli(expires_at) AS expires_at_ms, toUnixTimestamp64Milli(revoked_at) AS revoked_at_ms,
		        replaced_by, version
		      FROM auth_ingest_keys FINAL ORDER BY created_at`
	});
}
