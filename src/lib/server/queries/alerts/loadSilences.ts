import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import type { Silence } from '$alerts/index';
import { SilenceSchema } from '../../alerts/schemas';
import { jsonText, runQuery } from '../run';

const Row = v.pipe(v.object({ silence: jsonText(SilenceSchema) }), v.transform((r) => r.silence));

/** Every silence not deleted, latest version of each. */
export function loadSilences(client: ClickHouseClient): Promise<Silence[]> {
	return runQuery(client, {
		tag: 'alerts/loadSilences',
		row: Row,
		sql: 'SELECT argMax(silence, version_ms) AS silence FROM alert_silences GROUP BY id HAVING argMax(deleted, version_ms) = 0'
	});
}
