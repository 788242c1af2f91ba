import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { num, runQuery, str } from '../run';

const Row = v.pipe(
	v.object({ version_ms: num, saved_by: str, config: str }),
	v.transform((r) => ({ versionMs: r.version_ms, savedBy: r.saved_by, config: r.config }))
);

/**
 * The rule set saved last, as the JSON text it was saved as (the alert service parses and checks it
 * with the engine's own validation, which names the rule and field that is wrong).
 */
export async function latestAlertConfig(client: ClickHouseClient): Promise<{ versionMs: number; savedBy: string; config: string } | null> {
	const [r] = await runQuery(client, {
		tag: 'alerts/latestAlertConfig',
		row: Row,
		sql: 'SELECT version_ms, saved_by, config FROM alert_config ORDER BY version_ms DESC LIMIT 1'
	});
	return r ?? null;
}
