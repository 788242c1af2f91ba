import type { ClickHouseClient } from '@clickhouse/client';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';

/** A new version of the rule set. */
export function insertAlertConfig(client: ClickHouseClient, p: { versionMs: number; savedBy: string; config: string }): Promise<void> {
	return runInsert(client, {
		tag: 'alerts/insertAlertConfig',
		table: 'alert_config',
		values: [{ version_ms: p.versionMs, saved_by: p.savedBy, config: p.config }],
		token: freshInsertToken('alert-config')
	});
}
