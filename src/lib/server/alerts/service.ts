import { createHash } from 'node:crypto';
import {
	cloneAlert,
	createAlertEngine,
	defaultAlertConfig,
	restoreState,
	validateSilence,
	type AlertCommand,
	type AlertConfig,
	type AlertEngine,
	type AlertRecord,
	type ChannelAggregate,
	type EngineState,
	type NotificationIntent,
	type NotificationLogEntry,
	type OpenItem,
	type Silence,
	type SourceActivity
} from '$alerts/index';
import type { ChannelConfig } from '$lib/types/domain';
import type { AlertSummary, BoardAlert, RealtimeSnapshot } from '$lib/types/realtime';

export type { AlertSummary, BoardAlert };
import type { LiveState } from '../live/liveState';
import { createDispatcher, createNotifierRegistry, type Dispatcher, type InAppMessage, type NotifierTarget, type SmtpConfig } from '../notify/index';
import { jobsForIntent } from '../notify/fromIntent';
import type { AlertListFilter, HistoryEntry, HistoryRow } from '../queries/alerts/types';
import type { AlertStore } from './store';

export interface AlertRoute {
	/** recipient keys or patterns: `manager`, `supervisor:*`, `team:T1`, `*` */
	recipients: string[];
	targets: string[];
}

export interface AlertSettings {
	locale: 'zh-CN' | 'en';
	allowPrivateTargets: boolean;
	targets: NotifierTarget[];
	routes: AlertRoute[];
	smtp: SmtpConfig | null;
	/** engine tick; the ladder's resolution is this plus the group wait */
	tickMs: number;
}

export interface AlertServiceDeps {
	/** rules, silences, alerts, notification log and history (ClickHouse in the app: clickhouseAlertStore) */
	store: AlertStore;
	live: LiveState;
	channels: ChannelConfig[];
	settings: AlertSettings;
	now: () => number;
	/** ingest sources and when they last sent (silent-source rules); absent = none watched */
	sources?: () => SourceActivity[];
	/** pushes in-app messages and alert changes to boards and inboxes */
	publish: (
		msg:
			| InAppMessage
			| {
					type: 'alerts-changed';
					/** the most severe, oldest open alerts, at most ALERTS_TOPIC_MAX */
					active: AlertSummary[];
					/** every open alert */
					total: number;
					board: { alerts: BoardAlert[]; total: number };
					/** JSON.stringify(active) */
					activeJson?: string;
			  }
	) => void;
	log: (msg: string) => void;
	/** rules other parts of the server add to the configured ones (issue 21: schedule adherence) */
	extraRules?: AlertConfig['rules'];
	/** open items other parts of the server add to the live contacts (issue 21: agents out of adherence) */
	extraItems?: () => OpenItem[];
}

/** The configured rules plus `extra` (a configured rule with the same id wins). */
function withExtraRules(config: AlertConfig, extra: AlertConfig['rules'] | undefined): AlertConfig {
	if (!extra || extra.length === 0) return config;
	return { ...config, rules: [...config.rules, ...extra.filter((r) => !config.rules.some((c) => c.id === r.id))] };
}

/**
 * The banner's id for an alert: opaque, since an alert's own id names its contact and every board
 * (kiosk tokens, planners) receives the banner (issue 24: no contact ids outside the alert topic).
 */
export function boardAlertId(alertId: string): string {
	let id = boardIds.get(alertId);
	if (id === undefined) {
		id = createHash('sha256').update(alertId).digest('base64url').slice(0, 16);
		// the banner is rebuilt every tick: remember the hashes (bounded; cleared when full)
		if (boardIds.size >= 50_000) boardIds.clear();
		boardIds.set(alertId, id);
	}
	return id;
}
const boardIds = new Map<string, string>();

/** The banner shows a few lines and "N more": boards get at most this many, and the total. */
export const BOARD_ALERTS_MAX = 20;

/**
 * The alert topic (sockets that may read /api/v1/alerts) carries the most severe, oldest open alerts up
 * to this many, and their total: the inbox only reloads its page on the message, and a full list
 * (5 000 waiting chats ≈ 2.2 MB, every second while their clocks run) is what issue 24 measured going
 * out. 100 summaries stay under 64 kB (tests/alerts/service.test.ts).
 */
export const ALERTS_TOPIC_MAX = 100;

export function boardAlertOf(a: AlertRecord): BoardAlert {
	const level = a.level as 1 | 2 | 3;
	const reading = a.levelReadings?.[String(level) as '1' | '2' | '3'];
	const contact = a.kind === 'contact';
	return {
		id: boardAlertId(a.id),
		channel: String(a.labels.channel ?? ''),
		queue: String(a.labels.queue ?? '*'),
		source: a.labels.source ? String(a.labels.source) : null,
		level,
		ruleName: a.ruleName,
		ruleNameEn: a.ruleNameEn ?? a.ruleName,
		kind: a.kind,
		metric: contact ? null : String(a.labels.metric ?? ''),
		value: contact ? a.value.clockMs : a.value.metricValue,
		threshold: reading?.threshold ?? (contact ? a.value.thresholdMs : a.value.threshold),
		openedAtMs: a.levelReachedAtMs[String(level) as '1' | '2' | '3'] ?? a.startedAtMs
	};
}

/** One row of the manager's inbox. */
export interface InboxRow {
	id: string;
	ruleName: string;
	ruleNameEn: string;
	kind: 'contact' | 'aggregate';
	metric: string | null;
	status: AlertRecord['status'];
	level: number;
	pendingLevel: number;
	channel: string;
	queue: string;
	/** silent-source alerts: the ingest source */
	source: string | null;
	item: string | null;
	team: string | null;
	startedAtMs: number;
	resolvedAtMs: number | null;
	resolveReason: string | null;
	resolvedBy: string | null;
	levelReachedAtMs: AlertRecord['levelReachedAtMs'];
	/** what fired each level (value and threshold, in the alert's unit) */
	levelReadings: NonNullable<AlertRecord['levelReadings']>;
	/** the value now (open alerts) or at its last change (resolved) */
	value: number | null;
	threshold: number | null;
	dataState: 'ok' | 'no_data' | 'low_volume';
	noDataSinceMs: number | null;
	ack: AlertRecord['ack'];
	mutedBy: string[];
	/** the contact(s) behind it with their wait: the contact itself, or the channel's longest waiting (open alerts) */
	contacts: { id: string; queue: string; waitMs: number | null }[];
	/** who was told (recipient keys) and who acted, from the history */
	notified: { atMs: number; level: number; recipient: string; kind: string }[];
}


/**
 * The three-level alert engine running against the live state: every tick it hands the engine the
 * open contacts and the per-channel figures, persists what changed (alerts, notification log,
 * history) and gives the notification intents to the dispatcher. After a restart it restores the
 * engine from storage and re-sends what was emitted but not yet delivered, so a level is neither
 * lost nor repeated (docs/alerts.md).
 */
export class AlertService {
	private engine: AlertEngine;
	private state: EngineState;
	private config: AlertConfig;
	private silences: Silence[] = [];
	private commands: AlertCommand[] = [];
	private dispatcher: Dispatcher;
	private timer: NodeJS.Timeout | null = null;
	private stepping = false;
	private lastSummaryJson = '';
	private lastSummaryTotal = 0;
	private registry: ReturnType<typeof createNotifierRegistry>;
	/**
	 * What steps produced and storage has not taken yet. Intents wait here with their records: nothing
	 * is sent before what it changed is stored (a crash then re-sends, never forgets), and a step
	 * whose write failed is written again at the next tick before its notifications go out.
	 */
	private unsaved: { alerts: Map<string, AlertRecord>; log: NotificationLogEntry[]; history: HistoryRow[]; intents: NotificationIntent[] } = {
		alerts: new Map(),
		log: [],
		history: [],
		intents: []
	};
	stats = { steps: 0, lastStepMs: 0, intents: 0, failures: 0, persistFailures: 0 };

	private constructor(
		private deps: AlertServiceDeps,
		config: AlertConfig,
		state: EngineState,
		silences: Silence[]
	) {
		this.config = config;
		this.engine = createAlertEngine(withExtraRules(config, deps.extraRules));
		this.state = state;
		this.silences = silences;
		this.registry = createNotifierRegistry({
			inApp: { publish: (m) => deps.publish(m) },
			smtp: deps.settings.smtp ?? undefined,
			net: { allowPrivateTargets: deps.settings.allowPrivateTargets }
		});
		const problems = deps.settings.targets.flatMap((t, i) => this.registry.validate(t).map((p) => `alerts.targets[${i}] (${t.id}): ${p}`));
		if (problems.length > 0) throw new Error(`invalid alert notification targets:\n  - ${problems.join('\n  - ')}`);
		this.dispatcher = createDispatcher({
			registry: this.registry,
			onResult: (r) => {
				if (!r.result.ok) this.stats.failures++;
				void this.history([
					{
						at_ms: r.atMs,
						alert_id: '',
						kind: r.result.ok ? 'delivered' : r.final ? 'failed' : 'retrying',
						level: 0,
						channel: '',
						actor: 'system',
						recipient: '',
						target: `${r.targetType}:${r.targetId}`,
						ok: r.result.ok ? 1 : 0,
						detail: JSON.stringify({ intentId: r.intentId, attempt: r.attempt, error: r.result.ok ? null : r.result.error })
					}
				]);
			},
			onSettled: (s) => {
				const { state, changed } = this.engine.recordDelivery(this.state, { intentId: s.intentId, ok: s.ok, atMs: s.atMs, error: s.ok ? undefined : s.outcomes.map((o) => o.error).filter(Boolean).join('; ') });
				this.state = state;
				if (changed.length > 0) void this.deps.store.saveLogEntries(changed).catch((e) => this.deps.log(`alerts: log persist failed: ${(e as Error).message}`));
			}
		});
	}

	/** Builds the service from storage (rules, silences, active alerts and their log). */
	static async start(deps: AlertServiceDeps): Promise<AlertService> {
		const { store } = deps;
		const stored = await store.latestConfig();
		const config = stored ? (JSON.parse(stored.config) as AlertConfig) : alertConfigFromChannels(deps.channels);
		const t0 = performance.now();
		const nowMs = deps.now();
		// Only what the engine acts on: open alerts, manual resolves that still suppress, and resolved
		// alerts that owe a notice (decision 0105). Resolved alerts that owe nothing stay in storage, where
		// the inbox reads them; loading the day's resolved alerts dominated start-up after busy days.
		const sinceMs = nowMs - 24 * 3_600_000;
		const alerts = await store.activeAlerts(sinceMs);
		// the log of exactly those alerts, selected in SQL (not a parameter list of every id: slow at 26 000)
		const log = await store.logEntriesOfActiveAlerts(sinceMs);
		const state = restoreState({ alerts, log });
		// group timers of sends about alerts not restored (a group must not send again sooner than its interval)
		const grouping = withExtraRules(config, deps.extraRules).grouping;
		const flushes = (await store.recentGroupFlushes?.(nowMs - grouping.groupIntervalMs)) ?? new Map<string, number>();
		for (const [groupKey, atMs] of flushes) {
			const g = state.groups[groupKey];
			if (!g || g.lastFlushAtMs < atMs) state.groups[groupKey] = { lastFlushAtMs: atMs };
		}
		const silences = await store.silences();
		const svc = new AlertService(deps, config, state, silences);
		// what was emitted before a restart but not delivered goes out again, with the same ids
		for (const intent of svc.engine.undeliveredIntents(state)) svc.dispatch(intent);
		const open = alerts.filter((a) => a.status !== 'resolved').length;
		deps.log(
			`alerts: ${Object.keys(state.alerts).length} alert(s) restored (${open} open, ${alerts.length - open} resolved still owing a notice or suppressing), ${log.length} log entries, ${silences.length} silence(s), rules ${stored ? `saved ${new Date(stored.versionMs).toISOString()} by ${stored.savedBy}` : 'default'} — restore ${(performance.now() - t0).toFixed(0)} ms`
		);
		return svc;
	}

	run(): void {
		this.timer = setInterval(() => void this.tick(), this.deps.settings.tickMs);
		this.timer.unref();
	}

	async stop(): Promise<void> {
		if (this.timer) clearInterval(this.timer);
		while (this.stepping) await new Promise((r) => setTimeout(r, 10));
		await this.dispatcher.close();
	}

	/** One engine step now (also called right after a command so the inbox reacts at once). */
	async tick(): Promise<void> {
		if (this.stepping) return;
		this.stepping = true;
		const t0 = performance.now();
		try {
			const nowMs = this.deps.now();
			const snap = this.deps.live.snapshot(nowMs);
			const commands = this.commands.splice(0);
			// in place and incremental (alerts/engine/stepInPlace.ts): the service owns its state
			const r = this.engine.stepInPlace(this.state, { snapshot: { items: [...openItemsFrom(this.deps.live), ...(this.deps.extraItems?.() ?? [])], aggregates: aggregatesFrom(snap, this.deps.channels), sources: this.deps.sources?.() ?? [] }, silences: this.silences, commands }, nowMs);
			this.state = r.state;
			for (const rej of r.rejectedCommands) this.deps.log(`alerts: command rejected: ${JSON.stringify(rej)}`);
			const hist: HistoryRow[] = r.transitions.map((t) => ({
				at_ms: r.nowMs,
				alert_id: t.alertId,
				kind: t.type,
				level: Number(t.toLevel ?? 0),
				channel: String(r.state.alerts[t.alertId]?.labels.channel ?? ''),
				actor: t.by ?? 'system',
				recipient: '',
				target: '',
				ok: null,
				detail: JSON.stringify(t)
			}));
			for (const e of r.newLogEntries) {
				hist.push({ at_ms: e.emittedAtMs, alert_id: e.alertId, kind: `notice:${e.kind}`, level: e.level, channel: String(r.state.alerts[e.alertId]?.labels.channel ?? ''), actor: 'system', recipient: e.recipient.key, target: '', ok: null, detail: JSON.stringify({ intentId: e.intentId, logKey: e.logKey }) });
			}
			// Persist before sending: a crash after this point re-sends (at-least-once), never forgets.
			// copies: the next step changes the records in place, and an unsaved one may wait a tick
			for (const a of r.changedAlerts) this.unsaved.alerts.set(a.id, cloneAlert(a));
			this.unsaved.log.push(...r.newLogEntries);
			this.unsaved.history.push(...hist);
			this.unsaved.intents.push(...r.intents);
			await this.saveThenSend();
			const summary = this.active();
			const shown = summary.length > ALERTS_TOPIC_MAX ? summary.slice(0, ALERTS_TOPIC_MAX) : summary;
			const json = JSON.stringify(shown);
			if (json !== this.lastSummaryJson || summary.length !== this.lastSummaryTotal) {
				this.lastSummaryJson = json;
				this.lastSummaryTotal = summary.length;
				this.deps.publish({ type: 'alerts-changed', active: shown, total: summary.length, board: this.boardAlerts(), activeJson: json });
			}
			this.stats.steps++;
		} catch (err) {
			this.deps.log(`alerts: step failed: ${(err as Error).stack ?? err}`);
		} finally {
			this.stats.lastStepMs = performance.now() - t0;
			this.stepping = false;
		}
	}

	/** Writes what the steps changed, then sends their notifications; on a storage error keeps both for the next tick. */
	private async saveThenSend(): Promise<void> {
		const u = this.unsaved;
		if (u.alerts.size === 0 && u.log.length === 0 && u.history.length === 0 && u.intents.length === 0) return;
		try {
			if (u.alerts.size > 0) await this.deps.store.saveAlerts([...u.alerts.values()]);
			u.alerts.clear();
			if (u.log.length > 0) await this.deps.store.saveLogEntries(u.log);
			u.log = [];
		} catch (err) {
			this.stats.persistFailures++;
			this.deps.log(`alerts: storing the step failed, its ${u.intents.length} notification(s) wait for the next tick: ${(err as Error).message}`);
			return;
		}
		const history = u.history.splice(0);
		if (history.length > 0) await this.history(history);
		const intents = u.intents.splice(0);
		for (const intent of intents) this.dispatch(intent);
		this.stats.intents += intents.length;
	}

	private dispatch(intent: NotificationIntent): void {
		const targets = this.targetsFor(intent.recipient.key);
		for (const job of jobsForIntent(intent, targets, { locale: this.deps.settings.locale })) this.dispatcher.enqueue(job);
	}

	/** Every recipient hears in-app (board and inbox); routes add IM robots, webhooks and e-mail. */
	targetsFor(recipientKey: string): NotifierTarget[] {
		const out: NotifierTarget[] = [{ type: 'inapp', id: `inapp:${recipientKey}`, audience: recipientKey }];
		for (const route of this.deps.settings.routes) {
			if (!route.recipients.some((p) => recipientMatches(p, recipientKey))) continue;
			for (const id of route.targets) {
				const t = this.deps.settings.targets.find((x) => x.id === id);
				if (t && !out.includes(t)) out.push(t);
			}
		}
		return out;
	}

	active(): AlertSummary[] {
		return Object.values(this.state.alerts)
			.filter((a) => a.status !== 'resolved')
			.sort((a, b) => b.level - a.level || a.startedAtMs - b.startedAtMs)
			.map((a) => ({
				id: a.id,
				key: a.key,
				ruleName: a.ruleName,
				kind: a.kind,
				status: a.status,
				level: a.level,
				channel: String(a.labels.channel ?? ''),
				queue: String(a.labels.queue ?? ''),
				item: a.labels.item ? String(a.labels.item) : null,
				team: a.labels.team ? String(a.labels.team) : null,
				startedAtMs: a.startedAtMs,
				levelReachedAtMs: a.levelReachedAtMs,
				value: a.value,
				ack: a.ack,
				mutedBy: a.mutedBy
			}));
	}

	/**
	 * The board's banner: every open, unacknowledged L2/L3 as a board-safe summary (no contact,
	 * team or recipient details, which stay with those allowed to read /api/v1/alerts), L3 first,
	 * then the longest open. Silenced alerts stay off the board (a booked silence is planned quiet).
	 */
	/** What every board shows: the most severe, oldest open L2/L3 (at most BOARD_ALERTS_MAX) and their total. */
	boardAlerts(): { alerts: BoardAlert[]; total: number } {
		// sorted on the records, only the lines shown are built (this runs on every board push)
		const openedAt = (a: AlertRecord) => a.levelReachedAtMs[String(a.level) as '1' | '2' | '3'] ?? a.startedAtMs;
		const all = Object.values(this.state.alerts)
			.filter((a) => a.status === 'firing' && a.level >= 2 && !a.mutedBy.some((m) => m.startsWith('silence:')))
			.sort((a, b) => b.level - a.level || openedAt(a) - openedAt(b));
		return { alerts: all.slice(0, BOARD_ALERTS_MAX).map((a): BoardAlert => boardAlertOf(a)), total: all.length };
	}

	/** A page of the inbox: stored episodes matching the filter, with the live state's fresher values for open ones. */
	async inbox(filter: AlertListFilter, page: { offset: number; limit: number }): Promise<{ total: number; rows: InboxRow[] }> {
		const { total, records } = await this.deps.store.listAlerts(filter, page);
		const nowMs = this.deps.now();
		const snap = this.deps.live.snapshot(nowMs);
		const history = await this.deps.store.historyOf(records.map((r) => r.id));
		const byAlert = new Map<string, HistoryEntry[]>();
		for (const h of history) {
			const list = byAlert.get(h.alert_id);
			if (list) list.push(h);
			else byAlert.set(h.alert_id, [h]);
		}
		const rows = records.map((stored): InboxRow => {
			const a = this.state.alerts[stored.id] ?? stored;
			const contact = a.kind === 'contact';
			const open = a.status !== 'resolved';
			const channel = String(a.labels.channel ?? '');
			let contacts: InboxRow['contacts'] = [];
			if (contact && a.labels.item) {
				// the rule's clock is the wait that counts (business time, pauses excluded)
				contacts = [{ id: a.labels.item, queue: String(a.labels.queue ?? ''), waitMs: a.value.clockMs }];
			} else if (open) {
				const ch = snap.channels.find((c) => c.channel === channel);
				contacts = (ch?.oldestWaiting ?? []).map((w) => ({ id: w.contactId, queue: w.queue, waitMs: nowMs - w.waitingSinceMs }));
			}
			return {
				id: a.id,
				ruleName: a.ruleName,
				ruleNameEn: a.ruleNameEn ?? this.config.rules.find((r) => r.id === a.ruleId)?.nameEn ?? a.ruleName,
				kind: a.kind,
				metric: contact ? null : String(a.labels.metric ?? ''),
				status: a.status,
				level: a.level,
				pendingLevel: a.pendingLevel,
				channel,
				queue: String(a.labels.queue ?? '*'),
				source: a.labels.source ? String(a.labels.source) : null,
				item: a.labels.item ? String(a.labels.item) : null,
				team: a.labels.team ? String(a.labels.team) : null,
				startedAtMs: a.startedAtMs,
				resolvedAtMs: a.resolvedAtMs,
				resolveReason: a.resolveReason,
				resolvedBy: a.resolvedBy,
				levelReachedAtMs: a.levelReachedAtMs,
				levelReadings: a.levelReadings ?? {},
				value: contact ? a.value.clockMs : a.value.metricValue,
				threshold: contact ? a.value.thresholdMs : a.value.threshold,
				dataState: a.value.dataState ?? 'ok',
				noDataSinceMs: a.noDataSinceMs ?? null,
				ack: a.ack,
				mutedBy: a.mutedBy,
				contacts,
				notified: (byAlert.get(a.id) ?? [])
					.filter((h) => h.kind.startsWith('notice:'))
					.map((h) => ({ atMs: h.at_ms, level: h.level, recipient: h.recipient, kind: h.kind }))
			};
		});
		return { total, rows };
	}

	/**
	 * Counters for health checks and tests that must show "nothing more happens": engine steps so far,
	 * notifications sent, deliveries not yet final (queued, in flight or waiting to retry), and
	 * notifications waiting for a storage write; and what the engine holds in memory: alerts (open and
	 * resolved — resolved ones at most RESOLVED_HELD_MAX beyond those still owed a notice or
	 * suppressing, alerts/pipeline/prune.ts) and notification log entries (bench:soak watches them).
	 */
	progress(): { steps: number; intents: number; pendingDeliveries: number; unsavedIntents: number; held: { alerts: number; resolved: number; logEntries: number } } {
		let resolved = 0;
		const alerts = Object.values(this.state.alerts);
		for (const a of alerts) if (a.status === 'resolved') resolved++;
		return {
			steps: this.stats.steps,
			intents: this.stats.intents,
			pendingDeliveries: this.dispatcher.pending().length,
			unsavedIntents: this.unsaved.intents.length,
			held: { alerts: alerts.length, resolved, logEntries: Object.keys(this.state.log).length }
		};
	}

	/** Highest active (unmuted) level per channel, for the board. */
	levelsByChannel(): Record<string, number> {
		const out: Record<string, number> = {};
		for (const a of Object.values(this.state.alerts)) {
			if (a.status === 'resolved' || a.mutedBy.length > 0) continue;
			const ch = String(a.labels.channel ?? '');
			out[ch] = Math.max(out[ch] ?? 0, a.level);
		}
		return out;
	}

	/** Applies a command at once (one engine step), so the inbox shows its effect on return. */
	async command(cmd: AlertCommand): Promise<void> {
		this.commands.push(cmd);
		while (this.stepping) await new Promise((r) => setTimeout(r, 5));
		await this.tick();
	}

	get rules(): AlertConfig {
		return this.config;
	}

	/** Validates and saves a new rule set; the engine is rebuilt and keeps its state. */
	async saveRules(config: unknown, by: string): Promise<void> {
		const engine = createAlertEngine(withExtraRules(config as AlertConfig, this.deps.extraRules)); // throws AlertConfigError listing every problem
		await this.deps.store.saveConfig({ versionMs: this.deps.now(), savedBy: by, config: JSON.stringify(config) });
		this.engine = engine;
		this.config = config as AlertConfig;
		await this.history([{ at_ms: this.deps.now(), alert_id: '', kind: 'rules-saved', level: 0, channel: '', actor: by, recipient: '', target: '', ok: null, detail: '' }]);
	}

	get activeSilences(): Silence[] {
		return this.silences;
	}

	async addSilence(s: Silence): Promise<void> {
		const issues = validateSilence(s);
		if (issues.length > 0) throw new Error(issues.map((i) => i.message).join('; '));
		await this.deps.store.saveSilence({ silence: s, versionMs: this.deps.now(), deleted: false });
		this.silences = [...this.silences.filter((x) => x.id !== s.id), s];
		void this.tick();
	}

	async deleteSilence(id: string): Promise<void> {
		const s = this.silences.find((x) => x.id === id);
		if (!s) return;
		await this.deps.store.saveSilence({ silence: s, versionMs: this.deps.now(), deleted: true });
		this.silences = this.silences.filter((x) => x.id !== id);
	}

	private history(rows: HistoryRow[]): Promise<void> {
		return this.deps.store.saveHistory(rows).catch((e) => this.deps.log(`alerts: history persist failed: ${(e as Error).message}`));
	}
}

function recipientMatches(pattern: string, key: string): boolean {
	if (pattern === '*' || pattern === key) return true;
	if (pattern.endsWith('*')) return key.startsWith(pattern.slice(0, -1));
	return false;
}

/** The open contacts and tickets of the live state, as the engine's contact rules read them. */
export function openItemsFrom(live: LiveState): OpenItem[] {
	const items: OpenItem[] = [];
	for (const c of live.contacts.values()) {
		const arrived = c.arrivedMs ?? c.waitingSinceMs;
		if (arrived === null) continue;
		items.push({
			id: c.contactId,
			kind: c.channel === 'ticket' ? 'ticket' : 'contact',
			channel: c.channel,
			queue: c.queue,
			priority: String(c.priority),
			teamId: c.teamId || null,
			agentId: c.agentId || null,
			arrivedAtMs: arrived,
			firstResponseAtMs: c.answeredMs,
			lastCustomerMsgAtMs: c.lastCustomerMsgMs,
			lastAgentReplyAtMs: c.lastAgentReplyMs,
			state: c.status,
			// contact.milestone events first; the first answer counts as first_response when none was sent
			milestonesMs: { created: arrived, first_response: c.answeredMs, ...c.milestonesMs }
		});
	}
	return items;
}

/** The per-channel figures the aggregate rules read (15-minute SL and its volume, backlog, AHT, agents). */
export function aggregatesFrom(snap: RealtimeSnapshot, channels: ChannelConfig[]): ChannelAggregate[] {
	return snap.channels.map((c) => {
		const ch = channels.find((x) => x.id === c.channel);
		return {
			channel: c.channel,
			queue: null,
			sl15Pct: c.last15m.serviceLevelPct,
			targetPct: c.slTargetPct,
			waitingCount: c.waiting,
			ahtSec: c.today.ahtMs === null ? null : c.today.ahtMs / 1000,
			agentsAvailable: c.agents.available,
			// predicted wait divides by the agents staffed on the channel (busy ones included), so it
			// is defined when nobody is free (issue 17)
			agentsStaffed: c.agents.available + c.agents.onContact + c.agents.acw,
			offeredCount: c.last15m.offered,
			concurrency: ch?.concurrency ?? 1
		};
	});
}

/**
 * The default rules of docs/domain.md with each channel's configured thresholds applied to its
 * first-response and customer-waiting rules (config `channels[].alerts`).
 */
export function alertConfigFromChannels(channels: ChannelConfig[]): AlertConfig {
	const config = defaultAlertConfig();
	for (const rule of config.rules) {
		if (rule.kind !== 'contact') continue;
		if (rule.clock.kind !== 'first_response' && rule.clock.kind !== 'customer_waiting') continue;
		const ch = channels.find((c) => c.id === rule.match.channel);
		if (!ch) continue;
		rule.levels.l1.thresholdMs = ch.alerts.l1Sec * 1000;
		rule.levels.l2.thresholdMs = ch.alerts.l2Sec * 1000;
		rule.levels.l3.thresholdMs = ch.alerts.l3Sec * 1000;
	}
	return config;
}
