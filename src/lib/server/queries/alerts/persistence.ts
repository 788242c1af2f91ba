import type { ClickHouseClient } from '@clickhouse/client';
import type { AlertRecord, NotificationLogEntry, Silence } from '$alerts/index';
import { freshInsertToken } from '../dedupToken';

// Named queries of the alert engine's persistence (migration 0004). Rows keep the engine's own
// JSON records; the typed columns beside them are for filtering and for people reading the tables.
// Every insert passes its own dedup token: settings stick to a chDB connection (docs/chdb-engine.md).


export async function upsertAlerts(client: ClickHouseClient, alerts: AlertRecord[]): Promise<void> {
	await client.insert({
		table: 'alerts',
		format: 'JSONEachRow',
		values: alerts.map((a) => ({
			id: a.id,
			updated_at_ms: a.updatedAtMs,
			status: a.status,
			level: a.level,
			channel: String(a.labels.channel ?? ''),
			started_at_ms: a.startedAtMs,
			record: JSON.stringify(a)
		})),
		clickhouse_settings: freshInsertToken('alerts')
	});
}

export async function upsertLogEntries(client: ClickHouseClient, entries: NotificationLogEntry[]): Promise<void> {
	await client.insert({
		table: 'alert_notifications',
		format: 'JSONEachRow',
		values: entries.map((e) => ({
			log_key: e.logKey,
			version_ms: e.settledAtMs ?? e.emittedAtMs,
			alert_id: e.alertId,
			status: e.status,
			entry: JSON.stringify(e)
		})),
		clickhouse_settings: freshInsertToken('alert-log')
	});
}

export interface HistoryRow {
	at_ms: number;
	alert_id: string;
	kind: string;
	level: number;
	channel: string;
	actor: string;
	recipient: string;
	target: string;
	ok: number | null;
	detail: string;
}

export async function insertHistory(client: ClickHouseClient, rows: HistoryRow[]): Promise<void> {
	await client.insert({ table: 'alert_history', format: 'JSONEachRow', values: rows, clickhouse_settings: freshInsertToken('alert-history') });
}

export async function loadLogEntries(client: ClickHouseClient, params: { alertIds: string[] }): Promise<NotificationLogEntry[]> {
	if (params.alertIds.length === 0) return [];
	const rs = await client.query({
		query: `/* q:alerts/loadLogEntries */ SELECT argMax(entry, version_ms) AS entry FROM alert_notifications
		        WHERE alert_id IN {alertIds: Array(String)} GROUP BY log_key`,
		query_params: params,
		format: 'JSONEachRow'
	});
	return (await rs.json<{ entry: string }>()).map((r) => JSON.parse(r.entry) as NotificationLogEntry);
}

export async function latestAlertConfig(client: ClickHouseClient): Promise<{ versionMs: number; savedBy: string; config: string } | null> {
	const rs = await client.query({
		query: '/* q:alerts/latestAlertConfig */ SELECT version_ms, saved_by, config FROM alert_config ORDER BY version_ms DESC LIMIT 1',
		format: 'JSONEachRow'
	});
	const [r] = await rs.json<{ version_ms: number | string; saved_by: string; config: string }>();
	return r ? { versionMs: Number(r.version_ms), savedBy: r.saved_by, config: r.config } : null;
}

export async function insertAlertConfig(client: ClickHouseClient, p: { versionMs: number; savedBy: string; config: string }): Promise<void> {
	await client.insert({
		table: 'alert_config',
		format: 'JSONEachRow',
		values: [{ version_ms: p.versionMs, saved_by: p.savedBy, config: p.config }],
		clickhouse_settings: freshInsertToken('alert-config')
	});
}

export async function loadSilences(client: ClickHouseClient): Promise<Silence[]> {
	const rs = await client.query({
		query: `/* q:alerts/loadSilences */ SELECT argMax(silence, version_ms) AS silence FROM alert_silences GROUP BY id HAVING argMax(deleted, version_ms) = 0`,
		format: 'JSONEachRow'
	});
	return (await rs.json<{ silence: string }>()).map((r) => JSON.parse(r.silence) as Silence);
}

export async function upsertSilence(client: ClickHouseClient, p: { silence: Silence; versionMs: number; deleted: boolean }): Promise<void> {
	await client.insert({
		table: 'alert_silences',
		format: 'JSONEachRow',
		values: [{ id: p.silence.id, version_ms: p.versionMs, deleted: p.deleted ? 1 : 0, silence: JSON.stringify(p.silence) }],
		clickhouse_settings: freshInsertToken('alert-silence')
	});
}

export interface HistoryEntry extends HistoryRow {}

/** The newest history rows, optionally for one alert, for the inbox and its CSV export. */
export async function recentHistory(client: ClickHouseClient, params: { limit: number; alertId: string | null }): Promise<HistoryEntry[]> {
	const rs = await client.query({
		query: `/* q:alerts/recentHistory */ SELECT at_ms, alert_id, kind, level, channel, actor, recipient, target, ok, detail
		        FROM alert_history WHERE ({alertId: Nullable(String)} IS NULL OR alert_id = {alertId: Nullable(String)})
		        ORDER BY at_ms DESC LIMIT {limit: UInt32}`,
		query_params: params,
		format: 'JSONEachRow'
	});
	return (await rs.json<HistoryEntry>()).map((r) => ({ ...r, at_ms: Number(r.at_ms), level: Number(r.level), ok: r.ok === null ? null : Number(r.ok) }));
}

/** Inbox filters (all optional); times are epoch ms on the alert's start. */
export interface AlertListFilter {
	levels: number[];
	channel: string | null;
	queue: string | null;
	/** `open` = pending, firing or acknowledged */
	states: string[];
	fromMs: number | null;
	toMs: number | null;
}

/**
 * One page of alert episodes (latest version of each), newest first, with the total matching.
 * Filters run on the typed columns and, for the queue, on the record's labels.
 */
export async function listAlerts(
	client: ClickHouseClient,
	filter: AlertListFilter,
	page: { offset: number; limit: number }
): Promise<{ total: number; records: AlertRecord[] }> {
	const where = `({levels: Array(UInt8)} = [] OR lvl IN {levels: Array(UInt8)})
		  AND ({channel: Nullable(String)} IS NULL OR ch = {channel: Nullable(String)})
		  AND ({queue: Nullable(String)} IS NULL OR JSONExtractString(rec, 'labels', 'queue') = {queue: Nullable(String)})
		  AND ({states: Array(String)} = [] OR st IN {states: Array(String)})
		  AND ({fromMs: Nullable(Int64)} IS NULL OR started >= {fromMs: Nullable(Int64)})
		  AND ({toMs: Nullable(Int64)} IS NULL OR started < {toMs: Nullable(Int64)})`;
	const inner = `SELECT id, argMax(record, updated_at_ms) AS rec, argMax(status, updated_at_ms) AS st, argMax(level, updated_at_ms) AS lvl,
		       any(channel) AS ch, any(started_at_ms) AS started FROM alerts GROUP BY id`;
	const params = { ...filter, ...page };
	const count = await client.query({
		query: `/* q:alerts/listAlerts.count */ SELECT count() AS n FROM (${inner}) WHERE ${where}`,
		query_params: params,
		format: 'JSONEachRow'
	});
	const total = Number((await count.json<{ n: string | number }>())[0]?.n ?? 0);
	const rs = await client.query({
		query: `/* q:alerts/listAlerts */ SELECT rec FROM (${inner}) WHERE ${where}
		        ORDER BY started DESC, id LIMIT {limit: UInt32} OFFSET {offset: UInt32}`,
		query_params: params,
		format: 'JSONEachRow'
	});
	return { total, records: (await rs.json<{ rec: string }>()).map((r) => JSON.parse(r.rec) as AlertRecord) };
}

/** History rows of some alerts (the inbox's "who acknowledged / who was told"), oldest first. */
export async function historyOf(client: ClickHouseClient, alertIds: string[]): Promise<HistoryEntry[]> {
	if (alertIds.length === 0) return [];
	const rs = await client.query({
		query: `/* q:alerts/historyOf */ SELECT at_ms, alert_id, kind, level, channel, actor, recipient, target, ok, detail
		        FROM alert_history WHERE alert_id IN {alertIds: Array(String)} ORDER BY at_ms LIMIT 5000`,
		query_params: { alertIds },
		format: 'JSONEachRow'
	});
	return (await rs.json<HistoryEntry>()).map((r) => ({ ...r, at_ms: Number(r.at_ms), level: Number(r.level), ok: r.ok === null ? null : Number(r.ok) }));
}
