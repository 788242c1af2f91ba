import type { ClickHouseClient } from '@clickhouse/client';
import type { AlertRecord, NotificationLogEntry, Silence } from '$alerts/index';
import { countAlerts } from '../queries/alerts/countAlerts';
import { historyOf } from '../queries/alerts/historyOf';
import { insertAlertConfig } from '../queries/alerts/insertAlertConfig';
import { insertHistory } from '../queries/alerts/insertHistory';
import { latestAlertConfig } from '../queries/alerts/latestAlertConfig';
import { listAlerts } from '../queries/alerts/listAlerts';
import { loadActiveAlerts } from '../queries/alerts/loadActiveAlerts';
import { loadLogEntriesOfActiveAlerts } from '../queries/alerts/loadLogEntriesOfActiveAlerts';
import { loadSilences } from '../queries/alerts/loadSilences';
import type { AlertListFilter, HistoryEntry, HistoryRow } from '../queries/alerts/types';
import { upsertAlerts } from '../queries/alerts/upsertAlerts';
import { upsertLogEntries } from '../queries/alerts/upsertLogEntries';
import { upsertSilence } from '../queries/alerts/upsertSilence';

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
	/** every alert not resolved, or resolved since `sinceMs` (latest version of each) */
	activeAlerts(sinceMs: number): Promise<AlertRecord[]>;
	/** the notification log of every alert `activeAlerts(sinceMs)` returns */
	logEntriesOfActiveAlerts(sinceMs: number): Promise<NotificationLogEntry[]>;
	silences(): Promise<Silence[]>;
	saveSilence(p: { silence: Silence; versionMs: number; deleted: boolean }): Promise<void>;
	saveAlerts(alerts: AlertRecord[]): Promise<void>;
	saveLogEntries(entries: NotificationLogEntry[]): Promise<void>;
	saveHistory(rows: HistoryRow[]): Promise<void>;
	/** a page of stored episodes for the inbox */
	listAlerts(filter: AlertListFilter, page: { offset: number; limit: number }): Promise<{ total: number; records: AlertRecord[] }>;
	historyOf(alertIds: string[]): Promise<HistoryEntry[]>;
}

export function clickhouseAlertStore(client: ClickHouseClient): AlertStore {
	return {
		latestConfig: () => latestAlertConfig(client),
		saveConfig: (c) => insertAlertConfig(client, c),
		activeAlerts: (sinceMs) => loadActiveAlerts(client, { sinceMs }),
		logEntriesOfActiveAlerts: (sinceMs) => loadLogEntriesOfActiveAlerts(client, { sinceMs }),
		silences: () => loadSilences(client),
		saveSilence: (p) => upsertSilence(client, p),
		saveAlerts: (alerts) => upsertAlerts(client, alerts),
		saveLogEntries: (entries) => upsertLogEntries(client, entries),
		saveHistory: (rows) => insertHistory(client, rows),
		listAlerts: async (filter, page) => ({ total: await countAlerts(client, filter), records: await listAlerts(client, filter, page) }),
		historyOf: (alertIds) => historyOf(client, alertIds)
	};
}
