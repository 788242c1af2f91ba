import type { ClickHouseClient } from '@clickhouse/client';
import type { AlertRecord, NotificationLogEntry, Silence } from '$alerts/index';
import { countAlerts } from '../queries/alerts/countAlerts';
import { historyOf } from '../queries/alerts/historyOf';
import { insertAlertConfig } from '../queries/alerts/insertAlertConfig';
import { insertHistory } from '../queries/alerts/insertHistory';
import { latestAlertConfig } from '../queries/alerts/latestAlertConfig';
import { listAlerts } from '../queries/alerts/listAlerts';
import { loadSilences } from '../queries/alerts/loadSilences';
import type { AlertListFilter, HistoryEntry, HistoryRow } from '../queries/alerts/types';
import { upsertAlerts } from '../queries/alerts/upsertAlerts';
import { upsertLogEntries } from '../queries/alerts/upsertLogEntries';
import { upsertSilence } from '../queries/alerts/upsertSilence';
import { loadAlertsToRestore } from '../queries/alerts/loadAlertsToRestore';
import { loadLogToRestore } from '../queries/alerts/loadLogToRestore';
import { recentGroupFlushes } from '../queries/alerts/recentGroupFlushes';

export interface StoredAlertConfig {
	versionMs: number;
	savedBy: string;
	/** the rule set as JSON */
	config: string;
}

/**
 * Where the alert service keeps what must outlive the process: rule sets, silences, alert records,
 * the notification log (what was sent to whom, and whether it arrived) and the history the inbox
 * shows. ClickHouse in the app (queries/alerts/, one statement a file), memory in unit tests. The service
 * writes a step's alerts and log entries here *before* it sends anything (decision 0010).
 */
export interface AlertStore {
	latestConfig(): Promise<StoredAlertConfig | null>;
	saveConfig(c: StoredAlertConfig): Promise<void>;
	/**
	 * The alerts the engine needs at start (latest version of each): every alert not resolved, and the
	 * resolved ones updated since `sinceMs` that still act — a manual resolve suppressing a new episode,
	 * or a notice owed (emitted but never settled, or a paged recipient not yet told it is resolved).
	 * A store may return more (resolved alerts that owe nothing): the engine's behaviour is the same,
	 * only the start is slower (decision 0105).
	 */
	activeAlerts(sinceMs: number): Promise<AlertRecord[]>;
	/** the notification log of every alert `activeAlerts(sinceMs)` returns */
	logEntriesOfActiveAlerts(sinceMs: number): Promise<NotificationLogEntry[]>;
	/**
	 * When each notification group last sent, for groups that sent since `sinceMs` (group timers of
	 * alerts not restored); absent = derived from the restored log only.
	 */
	recentGroupFlushes?(sinceMs: number): Promise<Map<string, number>>;
	silences(): Promise<Silence[]>;
	saveSilence(p: { silence: Silence; versionMs: number; deleted: boolean }): Promise<void>;
	saveAlerts(alerts: AlertRecord[]): Promise<void>;
	saveLogEntries(entries: NotificationLogEntry[]): Promise<void>;
	saveHistory(rows: HistoryRow[]): Promise<void>;
	/** a page of stored episodes for the inbox (resolved ones live only here) */
	listAlerts(filter: AlertListFilter, page: { offset: number; limit: number }): Promise<{ total: number; records: AlertRecord[] }>;
	historyOf(alertIds: string[]): Promise<HistoryEntry[]>;
}

/**
 * @param client the live connection (restore, the engine's writes)
 * @param heavy the connection for reads a person waits on that may scan the day (the inbox's pages
 *   and history); defaults to `client`
 */
export function clickhouseAlertStore(client: ClickHouseClient, heavy: ClickHouseClient = client): AlertStore {
	return {
		latestConfig: () => latestAlertConfig(client),
		saveConfig: (c) => insertAlertConfig(client, c),
		activeAlerts: (sinceMs) => loadAlertsToRestore(client, { sinceMs }),
		logEntriesOfActiveAlerts: (sinceMs) => loadLogToRestore(client, { sinceMs }),
		recentGroupFlushes: (sinceMs) => recentGroupFlushes(client, { sinceMs }),
		silences: () => loadSilences(client),
		saveSilence: (p) => upsertSilence(client, p),
		saveAlerts: (alerts) => upsertAlerts(client, alerts),
		saveLogEntries: (entries) => upsertLogEntries(client, entries),
		saveHistory: (rows) => insertHistory(client, rows),
		listAlerts: async (filter, page) => ({ total: await countAlerts(heavy, filter), records: await listAlerts(heavy, filter, page) }),
		historyOf: (alertIds) => historyOf(heavy, alertIds)
	};
}
