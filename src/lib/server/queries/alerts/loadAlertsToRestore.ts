import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { AlertRecord } from '$alerts/index';
import { AlertRecordSchema } from '../../alerts/schemas';
import { jsonText, streamQuery } from '../run';

/** One stored alert record (the engine's JSON, checked against the stored-record schema). */
const Row = v.object({ record: jsonText(AlertRecordSchema) });

/**
 * Which alerts the alert engine still needs, as a set of alert ids: the log shows a notice still
 * `emitted` (never settled: it is sent again after a restart), or a recipient that was paged
 * (firing/repeat, not failed) has not been told that the alert is resolved (that notice is owed).
 * Latest version of every log entry first (ReplacingMergeTree, read with argMax).
 */
export const OWING_ALERT_IDS = `SELECT alert_id FROM (
		   SELECT log_key, any(alert_id) AS alert_id, argMax(status, version_ms) AS st, argMax(entry, version_ms) AS e
		   FROM alert_notifications GROUP BY log_key)
		 GROUP BY alert_id
		 HAVING countIf(st = 'emitted') > 0
		     OR NOT hasAll(groupUniqArrayIf(JSONExtractString(e, 'recipient', 'key'), JSONExtractString(e, 'kind') = 'resolved'),
		                   groupUniqArrayIf(JSONExtractString(e, 'recipient', 'key'), JSONExtractString(e, 'kind') != 'resolved' AND st != 'failed'))`;

/**
 * The alerts the engine holds at start (decision 0105): every alert not resolved, and of the resolved
 * ones updated since `sinceMs` only those the engine still acts on — a manual resolve that suppresses
 * a new episode until the condition clears (`suppressUntilClear`), or one that owes a notice
 * ({@link OWING_ALERT_IDS}). Resolved alerts that owe nothing stay in storage; the inbox reads them
 * from there (`listAlerts`). Latest version of each; streamed (thousands of open alerts after an
 * overloaded day are several MB of JSON).
 */
export async function loadAlertsToRestore(client: ClickHouseClient, params: { sinceMs: number }): Promise<AlertRecord[]> {
	const out: AlertRecord[] = [];
	await streamQuery(
		client,
		{
			tag: 'alerts/loadAlertsToRestore',
			row: Row,
			params,
			sql: `SELECT rec AS record FROM (
			        SELECT id, argMax(record, updated_at_ms) AS rec, argMax(status, updated_at_ms) AS st, max(updated_at_ms) AS upd
			        FROM alerts GROUP BY id)
			      WHERE st != 'resolved'
			         OR (upd >= {sinceMs: Int64}
			             AND (JSONExtractBool(rec, 'suppressUntilClear') OR id IN (${OWING_ALERT_IDS})))`
		},
		(r) => out.push(r.record)
	);
	return out;
}
