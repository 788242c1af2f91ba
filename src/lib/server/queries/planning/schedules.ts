import type { ClickHouseClient } from '@clickhouse/client';
import { freshInsertToken } from '../dedupToken';

export interface ScheduleRow {
	id: string;
	name: string;
	published: boolean;
	savedBy: string;
	savedAtMs: number;
	/** {rules, requirement, roster, shifts} as the schedule page sent it */
	body: unknown;
}

/** Latest version of every schedule, newest first (bodies included only when `withBody`). */
export async function listSchedules(client: ClickHouseClient, withBody = false): Promise<ScheduleRow[]> {
	const rs = await client.query({
		query: `/* q:planning/listSchedules */ SELECT id, argMax(name, version_ms) AS name, argMax(published, version_ms) AS published,
		          argMax(saved_by, version_ms) AS saved_by, max(version_ms) AS saved_at_ms${withBody ? ', argMax(body, version_ms) AS body' : ''}
		        FROM schedules GROUP BY id HAVING argMax(deleted, version_ms) = 0 ORDER BY saved_at_ms DESC`,
		format: 'JSONEachRow'
	});
	const rows = await rs.json<{ id: string; name: string; published: number | string; saved_by: string; saved_at_ms: number | string; body?: string }>();
	return rows.map((r) => ({ id: r.id, name: r.name, published: Number(r.published) === 1, savedBy: r.saved_by, savedAtMs: Number(r.saved_at_ms), body: r.body === undefined ? null : JSON.parse(r.body) }));
}

export async function getSchedule(client: ClickHouseClient, id: string): Promise<ScheduleRow | null> {
	return (await listSchedules(client, true)).find((s) => s.id === id) ?? null;
}

/** The most recently published schedule (what adherence compares the live state with). */
export async function latestPublished(client: ClickHouseClient): Promise<ScheduleRow | null> {
	return (await listSchedules(client, true)).find((s) => s.published) ?? null;
}

export async function saveSchedule(client: ClickHouseClient, s: ScheduleRow, deleted = false): Promise<void> {
	await client.insert({
		table: 'schedules',
		format: 'JSONEachRow',
		values: [{ id: s.id, version_ms: s.savedAtMs, deleted: deleted ? 1 : 0, name: s.name, published: s.published ? 1 : 0, saved_by: s.savedBy, body: JSON.stringify(s.body) }],
		clickhouse_settings: freshInsertToken('schedule')
	});
}
