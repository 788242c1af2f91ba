import type { ClickHouseClient } from '@clickhouse/client';
import type { Silence } from '$alerts/index';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/** A new version of a silence (a deletion is a version with deleted = 1). */
export function upsertSilence(client: ClickHouseClient, p: { silence: Silence; versionMs: number; deleted: boolean }): Promise<void> {
	return runInsert(client, {
		tag: 'alerts/upsertSilence',
		table: 'alert_silences',
		values: [{ id: p.silence.id, version_ms: p.versionMs, deleted: p.deleted ? 1 : 0, silence: JSON.stringify(p.silence) }],
		token: freshInsertToken('alert-silence')
	});
}
