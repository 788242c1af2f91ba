import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { flag, jsonText, num, runQuery, str } from '../run';

export interface ScheduleRow {
	id: string;
	name: string;
	published: boolean;
	savedBy: string;
	savedAtMs: number;
	/**
	 * {rules, requirement, timezone, roster, shifts} as the schedule page sent it (checked by
	 * `parseScheduleBody` before it was saved; code that uses it as a schedule checks it again with
	 * the same function: decision 0121). null when listed without bodies.
	 */
	body: unknown;
}

const Row = v.pipe(
	v.object({ id: str, name: str, published: flag, saved_by: str, saved_at_ms: num, body: v.optional(jsonText(v.unknown())) }),
	v.transform((r): ScheduleRow => ({ id: r.id, name: r.name, published: r.published, savedBy: r.saved_by, savedAtMs: r.saved_at_ms, body: r.body ?? null }))
);

/** Latest version of every schedule, newest first (bodies included only when `withBody`). */
export function listSchedules(client: ClickHouseClient, withBody = false): Promise<ScheduleRow[]> {
	return runQuery(client, {
		tag: 'planning/listSchedules',
		row: Row,
		sql: `SELECT id, argMax(name, version_ms) AS name, argMax(published, version_ms) AS published,
		        argMax(saved_by, version_ms) AS saved_by, max(version_ms) AS saved_at_ms${withBody ? ', argMax(body, version_ms) AS body' : ''}
		      FROM schedules GROUP BY id HAVING argMax(deleted, version_ms) = 0 ORDER BY saved_at_ms DESC`
	});
}

export async function getSchedule(client: ClickHouseClient, id: string): Promise<ScheduleRow | null> {
	return (await listSchedules(client, true)).find((s) => s.id === id) ?? null;
}

/** The most recently published schedule (what adherence compares the live state with). */
export async function latestPublished(client: ClickHouseClient): Promise<ScheduleRow | null> {
	return (await listSchedules(client, true)).find((s) => s.published) ?? null;
}
