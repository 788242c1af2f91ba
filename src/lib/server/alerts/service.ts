import type { ClickHouseClient } from '@clickhouse/client';
import {
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
	type OpenItem,
	type Silence
} from '$alerts/index';
import type { ChannelConfig } from '$lib/types/domain';
import type { RealtimeSnapshot } from '$lib/types/realtime';
import type { LiveState } from '../live/liveState';
import { createDispatcher, createNotifierRegistry, type Dispatcher, type InAppMessage, type NotifierTarget, type SmtpConfig } from '../notify/index';
import { jobsForIntent } from '../notify/fromIntent';
import {
	insertAlertConfig,
	insertHistory,
	latestAlertConfig,
	loadActiveAlerts,
	loadLogEntries,
	loadSilences,
	upsertAlerts,
	upsertLogEntries,
	upsertSilence,
	type HistoryRow
} from '../queries/alerts/persistence';

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
	client: ClickHouseClient;
	live: LiveState;
	channels: ChannelConfig[];
	settings: AlertSettings;
	now: () => number;
	/** pushes in-app messages and alert changes to boards and inboxes */
	publish: (msg: InAppMessage | { type: 'alerts-changed'; active: AlertSummary[] }) => void;
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

export interface AlertSummary {
	id: string;
	key: string;
	ruleName: string;
	kind: 'contact' | 'aggregate';
	status: AlertRecord['status'];
	level: number;
	channel: string;
	queue: string;
	item: string | null;
	team: string | null;
	startedAtMs: number;
	levelReachedAtMs: AlertRecord['levelReachedAtMs'];
	value: AlertRecord['value'];
	ack: AlertRecord['ack'];
	mutedBy: string[];
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
	private registry: ReturnType<typeof createNotifierRegistry>;
	stats = { steps: 0, lastStepMs: 0, intents: 0, failures: 0 };

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
				if (changed.length > 0) void upsertLogEntries(this.deps.client, changed).catch((e) => this.deps.log(`alerts: log persist failed: ${(e as Error).message}`));
			}
		});
	}

	/** Builds the service from storage (rules, silences, active alerts and their log). */
	static async start(deps: AlertServiceDeps): Promise<AlertService> {
		const stored = await latestAlertConfig(deps.client);
		const config = stored ? (JSON.parse(stored.config) as AlertConfig) : alertConfigFromChannels(deps.channels);
		const nowMs = deps.now();
		const alerts = await loadActiveAlerts(deps.client, { sinceMs: nowMs - 24 * 3_600_000 });
		const log = await loadLogEntries(deps.client, { alertIds: alerts.map((a) => a.id) });
		const state = restoreState({ alerts, log });
		const silences = await loadSilences(deps.client);
		const svc = new AlertService(deps, config, state, silences);
		// what was emitted before a restart but not delivered goes out again, with the same ids
		for (const intent of svc.engine.undeliveredIntents(state)) svc.dispatch(intent);
		deps.log(`alerts: ${Object.keys(state.alerts).length} alert(s) restored, ${silences.length} silence(s), rules ${stored ? `saved ${new Date(stored.versionMs).toISOString()} by ${stored.savedBy}` : 'default'}`);
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
			const r = this.engine.step(this.state, { snapshot: { items: this.openItems(), aggregates: aggregatesFrom(snap, this.deps.channels) }, silences: this.silences, commands }, nowMs);
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
			if (r.changedAlerts.length > 0) await upsertAlerts(this.deps.client, r.changedAlerts);
			if (r.newLogEntries.length > 0) await upsertLogEntries(this.deps.client, r.newLogEntries);
			if (hist.length > 0) await this.history(hist);
			for (const intent of r.intents) this.dispatch(intent);
			this.stats.intents += r.intents.length;
			const summary = this.active();
			const json = JSON.stringify(summary);
			if (json !== this.lastSummaryJson) {
				this.lastSummaryJson = json;
				this.deps.publish({ type: 'alerts-changed', active: summary });
			}
			this.stats.steps++;
		} catch (err) {
			this.deps.log(`alerts: step failed: ${(err as Error).stack ?? err}`);
		} finally {
			this.stats.lastStepMs = performance.now() - t0;
			this.stepping = false;
		}
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

	private openItems(): OpenItem[] {
		const items: OpenItem[] = [];
		for (const c of this.deps.live.contacts.values()) {
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
				milestonesMs: { created: arrived, firstResponse: c.answeredMs }
			});
		}
		if (this.deps.extraItems) items.push(...this.deps.extraItems());
		return items;
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
		await insertAlertConfig(this.deps.client, { versionMs: this.deps.now(), savedBy: by, config: JSON.stringify(config) });
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
		await upsertSilence(this.deps.client, { silence: s, versionMs: this.deps.now(), deleted: false });
		this.silences = [...this.silences.filter((x) => x.id !== s.id), s];
		void this.tick();
	}

	async deleteSilence(id: string): Promise<void> {
		const s = this.silences.find((x) => x.id === id);
		if (!s) return;
		await upsertSilence(this.deps.client, { silence: s, versionMs: this.deps.now(), deleted: true });
		this.silences = this.silences.filter((x) => x.id !== id);
	}

	private history(rows: HistoryRow[]): Promise<void> {
		return insertHistory(this.deps.client, rows).catch((e) => this.deps.log(`alerts: history persist failed: ${(e as Error).message}`));
	}
}

function recipientMatches(pattern: string, key: string): boolean {
	if (pattern === '*' || pattern === key) return true;
	if (pattern.endsWith('*')) return key.startsWith(pattern.slice(0, -1));
	return false;
}

/** The per-channel figures the aggregate rules read (15-minute SL, backlog, AHT, agents). */
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
