import type { ClickHouseClient } from '@clickhouse/client';
import { freshInsertToken } from '../dedupToken';
import { runInsert } from '../run';
import type { ScheduleRow } from './listSchedules';

/** A new version of a schedule (a deletion is a version with deleted = 1). */
export function saveSchedule(client: ClickHouseClient, s: ScheduleRow, deleted = false): Promise<void> {
	return runInsert(client, {
		tag: 'planning/saveSchedule',
		table: 'schedules',
		values: [{ id: s.id, version_ms: s.savedAtMs, deleted: deleted ? 1 : 0, name: s.name, published: s.published ? 1 : 0, saved_by: s.savedBy, body: JSON.stringify(s.body) }],
		token: freshInsertToken('schedule')
	});
}
