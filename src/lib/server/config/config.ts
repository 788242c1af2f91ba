import { parse as parseYaml } from 'yaml';
import * as vb from 'valibot';
import type { SmtpConfig } from '../notify/email';
import { NotifierTargetSchema, SmtpConfigSchema, describeIssues, targetKeys } from '../notify/schemas';
import type { NotifierTarget } from '../notify/types';
import type { ChannelConfig, QueueConfig, ServiceLevelFormula } from '$lib/types/domain';
import type { WallboardThresholds } from '$lib/wallboard/colours';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from './defaults';

/**
 * All settings, parsed and validated once at start (src/lib/server/app/runtime.ts).
 * Nothing else in the code reads process.env: services receive the values they need.
 *
 * Precedence: built-in defaults < config file (CSOPS_CONFIG, YAML or JSON) < environment variables.
 * A bad value stops start-up with a ConfigError naming the key, the value and the rule.
 */
export interface AppConfig {
	server: {
		host: string;
		port: number;
		/** seconds to wait for in-flight requests on SIGTERM before forcing the close */
		shutdownTimeoutSec: number;
		/** server log lines: readable text, or one JSON object per line for a log shipper (app/logger.ts) */
		logFormat: 'text' | 'json';
	};
	storage: {
		/** 'embedded' = chDB in-process on dataPath; 'remote' = ClickHouse server at url */
		mode: 'embedded' | 'remote';
		dataPath: string;
		url: string | null;
		user: string;
		password: string;
		database: string;
		/** non-null turns on cluster mode: ON CLUSTER DDL and Replicated engines (docs/decisions/0004) */
		cluster: string | null;
	};
	timezone: string;
	channels: ChannelConfig[];
	queues: QueueConfig[];
	ingest: {
		/** rows per ClickHouse insert; a batch is flushed when it reaches this size … */
		maxBatchRows: number;
		/** … or when its oldest event has waited this long */
		maxBatchDelayMs: number;
		/** events older than this (by ts) are refused: late data must come through a backfill */
		maxLatenessSec: number;
		/** events further in the future than this are refused (clock skew allowance) */
		maxFutureSkewSec: number;
		maxBodyBytes: number;
		maxFrameBytes: number;
		/** events accepted but not yet durably written; above it new requests get 503 + Retry-After */
		maxPendingEvents: number;
		/** hard cap of the dedup memory (MiB); older ids are looked up in storage (decision 0006) */
		dedupMemoryMiB: number;
		/** plaintext keys from INGEST_KEYS (source:key,...) for integrators; hashed in memory */
		keys: { source: string; key: string }[];
	};
	wallboard: WallboardThresholds;
	/** where alert notifications go besides in-app (docs/alerts.md); secrets are masked in logs */
	alerts: AlertNotifySettings;
	/** access control (docs/decisions/0007-access-control.md); secrets are masked by redactConfig */
	auth: AuthSettings;
	/** shift scheduling (issue 21) */
	scheduling: {
		/** an agent out of adherence to the published schedule longer than this raises an L1 alert (minutes; 0 = at once) */
		adherenceL1Min: number;
	};
	/** reports (docs/metrics.md "Reports") */
	reports: ReportSettings;
	simulator: {
		enabled: boolean;
		/** simulated seconds per wall second in live mode */
		speed: number;
		seed: number;
	};
	/** where the config came from, for /api/health and logs (never contains secrets) */
	sources: string[];
}

export interface ReportSettings {
	/** FCR: a resolution counts as first-contact resolved when not reopened within this many days */
	fcrWindowDays: number;
	/** 投诉二次率: a complaint repeated (another complaint or a reopen) within this many days */
	complaintRepeatDays: number;
	/** queues whose contacts are complaints */
	complaintQueues: string[];
	/** the allowed `category` values of contact events */
	categories: { id: string; nameZh: string; nameEn: string }[];
	/** scheduled summaries (docs/metrics.md "Digests") */
	digests: DigestSchedule[];
}

export interface DigestSchedule {
	id: string;
	kind: 'daily' | 'weekly';
	/** local time HH:mm in the configured zone */
	at: string;
	/** weekly: ISO weekday 1 (Monday) … 7 */
	weekday: number;
	/** notifier target ids (alerts.targets) */
	targets: string[];
	locale: 'zh-CN' | 'en';
}

export const DEFAULT_CATEGORIES: ReportSettings['categories'] = [
	{ id: 'consult', nameZh: '咨询', nameEn: 'Consultation' },
	{ id: 'complaint', nameZh: '投诉', nameEn: 'Complaint' },
	{ id: 'dispute', nameZh: '纠纷', nameEn: 'Dispute' },
	{ id: 'suggestion', nameZh: '建议', nameEn: 'Suggestion' }
];

export interface AlertNotifySettings {
	locale: 'zh-CN' | 'en';
	allowPrivateTargets: boolean;
	/** notifier targets: {id, type: dingtalk|wecom|feishu|webhook|email, url/secret/to…}, checked against notify/schemas.ts */
	targets: NotifierTarget[];
	/** which recipients (`manager`, `supervisor:*`, `team:T1`, `*`) go to which targets */
	routes: { recipients: string[]; targets: string[] }[];
	smtp: SmtpConfig | null;
	tickMs: number;
}

export interface AuthSettings {
	/** a session unused this long ends (NIST SP 800-63B §7.2 at AAL2: 30 min of inactivity) */
	sessionIdleSec: number;
	/** a session ends this long after sign-in however active it is (AAL2: 12 h) */
	sessionMaxSec: number;
	/** failed sign-ins allowed per username and client address within loginWindowSec; then 429 */
	loginMaxFailures: number;
	loginWindowSec: number;
	/** how long a rotated ingest key keeps working next to its replacement */
	ingestKeyGraceSec: number;
	/** ADMIN_USERNAME + ADMIN_PASSWORD (env only): the first admin, created at start only while no user exists */
	initialAdmin: { username: string; password: string } | null;
	/** BOARD_TOKENS (label:token,…): read-only board tokens kept in configuration, e.g. for provisioned kiosks */
	boardTokens: { label: string; token: string }[];
}

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
		this.name = 'ConfigError';
	}
}

type Env = Record<string, string | undefined>;

export interface LoadConfigOptions {
	env: Env;
	/** reads the config file named by CSOPS_CONFIG; injected so tests need no disk */
	readFile?: (path: string) => string;
}

const SL_FORMULAS: ServiceLevelFormula[] = [
	'answered_over_answered_plus_late_abandons',
	'answered_over_offered',
	'answered_over_answered'
];

const ID_RE = /^[a-z][a-z0-9_]{0,31}$/;

/** Builds the validated configuration, or throws ConfigError listing every problem found. */
export function loadConfig({ env, readFile }: LoadConfigOptions): AppConfig {
	const problems: string[] = [];
	const sources = ['defaults'];
	let file: Record<string, unknown> = {};
	const filePath = env.CSOPS_CONFIG;
	if (filePath) {
		if (!readFile) throw new ConfigError([`CSOPS_CONFIG = ${filePath}: no file reader available`]);
		let text: string;
		try {
			text = readFile(filePath);
		} catch (err) {
			throw new ConfigError([`CSOPS_CONFIG = ${filePath}: cannot read the file (${(err as Error).message})`]);
		}
		try {
			const parsed: unknown = parseYaml(text);
			if (parsed !== null && parsed !== undefined && !isRecord(parsed)) {
				throw new Error('the top level must be a mapping of keys');
			}
			file = (parsed as Record<string, unknown>) ?? {};
		} catch (err) {
			throw new ConfigError([`CSOPS_CONFIG = ${filePath}: not valid YAML/JSON (${(err as Error).message})`]);
		}
		sources.push(`file:${filePath}`);
	}
	const v = new Validator(problems, filePath ?? 'config');

	const fServer = v.section(file, 'server');
	const fStorage = v.section(file, 'storage');
	const fIngest = v.section(file, 'ingest');
	const fSim = v.section(file, 'simulator');
	const fBoard = v.section(file, 'wallboard');
	const fAuth = v.section(file, 'auth');
	const fAlerts = v.section(file, 'alerts');
	const fScheduling = v.section(file, 'scheduling');
	const fReports = v.section(file, 'reports');

	const url = v.str('CLICKHOUSE_URL', env.CLICKHOUSE_URL, v.str('storage.url', fStorage.url, null));
	if (url !== null && !/^https?:\/\/[^\s]+$/.test(url)) {
		problems.push(`CLICKHOUSE_URL = ${JSON.stringify(url)}: must be an http(s) URL such as http://localhost:8123`);
	}
	const cluster = v.str('CLICKHOUSE_CLUSTER', env.CLICKHOUSE_CLUSTER, v.str('storage.cluster', fStorage.cluster, null));
	if (cluster !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(cluster)) {
		problems.push(`CLICKHOUSE_CLUSTER = ${JSON.stringify(cluster)}: must be a cluster name of letters, digits and _`);
	}
	if (cluster !== null && url === null) {
		problems.push(`CLICKHOUSE_CLUSTER = ${JSON.stringify(cluster)}: cluster mode needs CLICKHOUSE_URL (the embedded engine is a single node)`);
	}
	const database = v.str('CLICKHOUSE_DATABASE', env.CLICKHOUSE_DATABASE, v.str('storage.database', fStorage.database, 'default')) ?? 'default';
	if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
		problems.push(`CLICKHOUSE_DATABASE = ${JSON.stringify(database)}: must be letters, digits and _`);
	}

	const timezone = v.str('TIMEZONE', env.TIMEZONE, v.str('timezone', file.timezone, 'Asia/Shanghai')) ?? 'Asia/Shanghai';
	if (!isValidTimeZone(timezone)) {
		problems.push(`TIMEZONE = ${JSON.stringify(timezone)}: must be an IANA time zone such as Asia/Shanghai`);
	}

	const channels = parseChannels(file.channels, v, problems);
	const queues = parseQueues(file.queues, problems);

	const config: AppConfig = {
		server: {
			host: v.str('HOST', env.HOST, v.str('server.host', fServer.host, '0.0.0.0')) ?? '0.0.0.0',
			port: v.int('PORT', env.PORT, v.int('server.port', fServer.port, 3000, 1, 65535), 1, 65535),
			shutdownTimeoutSec: v.int('SHUTDOWN_TIMEOUT', env.SHUTDOWN_TIMEOUT, v.int('server.shutdownTimeoutSec', fServer.shutdownTimeoutSec, 30, 0, 3600), 0, 3600),
			logFormat: logFormatOf(env.LOG_FORMAT ?? fServer.logFormat, problems)
		},
		storage: {
			mode: url ? 'remote' : 'embedded',
			dataPath: v.str('DATA_PATH', env.DATA_PATH, v.str('storage.dataPath', fStorage.dataPath, './data')) ?? './data',
			url,
			user: v.str('CLICKHOUSE_USER', env.CLICKHOUSE_USER, v.str('storage.user', fStorage.user, 'default')) ?? 'default',
			password: env.CLICKHOUSE_PASSWORD ?? (typeof fStorage.password === 'string' ? fStorage.password : ''),
			database,
			cluster
		},
		timezone,
		channels,
		queues,
		ingest: {
			maxBatchRows: v.int('INGEST_MAX_BATCH_ROWS', env.INGEST_MAX_BATCH_ROWS, v.int('ingest.maxBatchRows', fIngest.maxBatchRows, 10_000, 1, 1_000_000), 1, 1_000_000),
			maxBatchDelayMs: v.int('INGEST_MAX_BATCH_DELAY_MS', env.INGEST_MAX_BATCH_DELAY_MS, v.int('ingest.maxBatchDelayMs', fIngest.maxBatchDelayMs, 50, 1, 10_000), 1, 10_000),
			maxLatenessSec: v.int('ingest.maxLatenessSec', fIngest.maxLatenessSec, 24 * 3600, 60, 30 * 24 * 3600),
			maxFutureSkewSec: v.int('ingest.maxFutureSkewSec', fIngest.maxFutureSkewSec, 300, 0, 24 * 3600),
			maxBodyBytes: v.int('ingest.maxBodyBytes', fIngest.maxBodyBytes, 10 * 1024 * 1024, 1024, 512 * 1024 * 1024),
			maxFrameBytes: v.int('ingest.maxFrameBytes', fIngest.maxFrameBytes, 4 * 1024 * 1024, 1024, 256 * 1024 * 1024),
			maxPendingEvents: v.int('ingest.maxPendingEvents', fIngest.maxPendingEvents, 200_000, 100, 10_000_000),
			dedupMemoryMiB: v.num('INGEST_DEDUP_MEMORY_MIB', env.INGEST_DEDUP_MEMORY_MIB, v.num('ingest.dedupMemoryMiB', fIngest.dedupMemoryMiB, 32, 0.125, 4096), 0.125, 4096),
			keys: parseIngestKeys(env.INGEST_KEYS, problems)
		},
		wallboard: {
			slAmberBelowTargetPts: v.num('wallboard.slAmberBelowTargetPts', fBoard.slAmberBelowTargetPts, 0, 0, 100),
			slRedBelowTargetPts: v.num('wallboard.slRedBelowTargetPts', fBoard.slRedBelowTargetPts, 10, 0, 100),
			abandonAmberPct: v.num('wallboard.abandonAmberPct', fBoard.abandonAmberPct, 5, 0, 100),
			abandonRedPct: v.num('wallboard.abandonRedPct', fBoard.abandonRedPct, 10, 0, 100),
			rotateSec: v.int('wallboard.rotateSec', fBoard.rotateSec, 0, 0, 3600),
			breakLimitSec: v.int('wallboard.breakLimitSec', fBoard.breakLimitSec, 900, 0, 86400),
			acwLimitSec: v.int('wallboard.acwLimitSec', fBoard.acwLimitSec, 120, 0, 86400)
		},
		alerts: parseAlertSettings(fAlerts, v, problems),
		auth: {
			sessionIdleSec: v.int('SESSION_IDLE_SEC', env.SESSION_IDLE_SEC, v.int('auth.sessionIdleSec', fAuth.sessionIdleSec, 1800, 1, 30 * 86400), 1, 30 * 86400),
			sessionMaxSec: v.int('SESSION_MAX_SEC', env.SESSION_MAX_SEC, v.int('auth.sessionMaxSec', fAuth.sessionMaxSec, 12 * 3600, 1, 90 * 86400), 1, 90 * 86400),
			loginMaxFailures: v.int('auth.loginMaxFailures', fAuth.loginMaxFailures, 5, 1, 1000),
			loginWindowSec: v.int('auth.loginWindowSec', fAuth.loginWindowSec, 900, 1, 86400),
			ingestKeyGraceSec: v.int('INGEST_KEY_GRACE_SEC', env.INGEST_KEY_GRACE_SEC, v.int('auth.ingestKeyGraceSec', fAuth.ingestKeyGraceSec, 86400, 0, 30 * 86400), 0, 30 * 86400),
			initialAdmin: parseInitialAdmin(env.ADMIN_USERNAME, env.ADMIN_PASSWORD, problems),
			boardTokens: parseBoardTokens(env.BOARD_TOKENS, problems)
		},
		scheduling: {
			adherenceL1Min: v.int('ADHERENCE_L1_MIN', env.ADHERENCE_L1_MIN, v.int('scheduling.adherenceL1Min', fScheduling.adherenceL1Min, 5, 0, 1440), 0, 1440)
		},
		reports: parseReportSettings(fReports, v, problems, queues),
		simulator: {
			enabled: v.bool('SIMULATOR', env.SIMULATOR, v.bool('simulator.enabled', fSim.enabled, true)),
			speed: v.num('SIMULATOR_SPEED', env.SIMULATOR_SPEED, v.num('simulator.speed', fSim.speed, 1, 0.1, 60), 0.1, 60),
			seed: v.int('simulator.seed', fSim.seed, 20261111, 0, 2 ** 31 - 1)
		},
		sources
	};
	if (problems.length > 0) throw new ConfigError(problems);
	return config;
}

function parseChannels(raw: unknown, v: Validator, problems: string[]): ChannelConfig[] {
	if (raw === undefined || raw === null) return DEFAULT_CHANNELS.map((c) => structuredClone(c));
	if (!Array.isArray(raw) || raw.length === 0) {
		problems.push(`channels = ${short(raw)}: must be a non-empty list of channel objects`);
		return [];
	}
	const seen = new Set<string>();
	return raw.map((item, i) => {
		const key = `channels[${i}]`;
		if (!isRecord(item)) {
			problems.push(`${key} = ${short(item)}: must be an object with at least an id`);
			return DEFAULT_CHANNELS[0];
		}
		const id = typeof item.id === 'string' ? item.id : '';
		if (!ID_RE.test(id)) problems.push(`${key}.id = ${short(item.id)}: must match ${ID_RE} (lower-case letters, digits, _)`);
		if (seen.has(id)) problems.push(`${key}.id = ${short(id)}: duplicate channel id`);
		seen.add(id);
		// A configured channel with a built-in id inherits the built-in defaults it does not override.
		const base = DEFAULT_CHANNELS.find((c) => c.id === id) ?? DEFAULT_CHANNELS[1];
		const alertsRaw = isRecord(item.alerts) ? item.alerts : {};
		const kind = item.kind ?? base.kind;
		if (kind !== 'realtime' && kind !== 'deferred') problems.push(`${key}.kind = ${short(kind)}: must be "realtime" or "deferred"`);
		const slFormula = item.slFormula ?? base.slFormula;
		if (!SL_FORMULAS.includes(slFormula as ServiceLevelFormula)) {
			problems.push(`${key}.slFormula = ${short(slFormula)}: must be one of ${SL_FORMULAS.join(', ')}`);
		}
		const ch: ChannelConfig = {
			id,
			nameZh: typeof item.nameZh === 'string' ? item.nameZh : DEFAULT_CHANNELS.find((c) => c.id === id)?.nameZh ?? id,
			nameEn: typeof item.nameEn === 'string' ? item.nameEn : DEFAULT_CHANNELS.find((c) => c.id === id)?.nameEn ?? id,
			kind: kind as ChannelConfig['kind'],
			slTargetSec: v.num(`${key}.slTargetSec`, item.slTargetSec, base.slTargetSec, 1, 30 * 86400),
			slTargetPct: v.num(`${key}.slTargetPct`, item.slTargetPct, base.slTargetPct, 1, 100),
			slFormula: slFormula as ServiceLevelFormula,
			slAbandonGraceSec: v.num(`${key}.slAbandonGraceSec`, item.slAbandonGraceSec, base.slAbandonGraceSec, 0, 3600),
			immediateResponseSec: v.num(`${key}.immediateResponseSec`, item.immediateResponseSec, base.immediateResponseSec, 1, 86400),
			alerts: {
				l1Sec: v.num(`${key}.alerts.l1Sec`, alertsRaw.l1Sec, base.alerts.l1Sec, 1, 30 * 86400),
				l2Sec: v.num(`${key}.alerts.l2Sec`, alertsRaw.l2Sec, base.alerts.l2Sec, 1, 30 * 86400),
				l3Sec: v.num(`${key}.alerts.l3Sec`, alertsRaw.l3Sec, base.alerts.l3Sec, 1, 30 * 86400)
			},
			concurrency: v.int(`${key}.concurrency`, item.concurrency, base.concurrency, 1, 20)
		};
		if (!(ch.alerts.l1Sec < ch.alerts.l2Sec && ch.alerts.l2Sec < ch.alerts.l3Sec)) {
			problems.push(
				`${key}.alerts = ${ch.alerts.l1Sec}/${ch.alerts.l2Sec}/${ch.alerts.l3Sec}: levels must rise strictly (l1Sec < l2Sec < l3Sec)`
			);
		}
		return ch;
	});
}

function parseAlertSettings(raw: Record<string, unknown>, v: Validator, problems: string[]): AlertNotifySettings {
	const locale = raw.locale ?? 'zh-CN';
	if (locale !== 'zh-CN' && locale !== 'en') problems.push(`alerts.locale = ${short(locale)}: must be "zh-CN" or "en"`);
	const targets: AlertNotifySettings['targets'] = [];
	if (raw.targets !== undefined) {
		if (!Array.isArray(raw.targets)) problems.push('alerts.targets: must be a list of notifier targets');
		else
			raw.targets.forEach((t, i) => {
				const r = vb.safeParse(NotifierTargetSchema, t);
				if (!r.success) problems.push(...describeIssues(`alerts.targets[${i}]`, r.issues, targetKeys));
				else if (targets.some((x) => x.id === r.output.id)) problems.push(`alerts.targets[${i}].id = ${short(r.output.id)}: duplicate target id`);
				else targets.push(r.output);
			});
	}
	const routes: AlertNotifySettings['routes'] = [];
	if (raw.routes !== undefined) {
		if (!Array.isArray(raw.routes)) problems.push('alerts.routes: must be a list of {recipients, targets}');
		else
			raw.routes.forEach((r, i) => {
				const ok = isRecord(r) && Array.isArray(r.recipients) && r.recipients.every((x) => typeof x === 'string') && Array.isArray(r.targets) && r.targets.every((x) => typeof x === 'string');
				if (!ok) {
					problems.push(`alerts.routes[${i}]: must be {recipients: [strings], targets: [target ids]}`);
					return;
				}
				const rr = r as { recipients: string[]; targets: string[] };
				for (const id of rr.targets) if (!targets.some((t) => t.id === id)) problems.push(`alerts.routes[${i}].targets: unknown target id ${short(id)}; defined: ${targets.map((t) => t.id).join(', ') || '(none)'}`);
				routes.push(rr);
			});
	}
	return {
		locale: locale === 'en' ? 'en' : 'zh-CN',
		allowPrivateTargets: v.bool('alerts.allowPrivateTargets', raw.allowPrivateTargets, false),
		targets,
		routes,
		smtp: parseSmtp(raw.smtp, problems),
		tickMs: v.int('alerts.tickMs', raw.tickMs, 1000, 100, 60_000)
	};
}

function logFormatOf(raw: unknown, problems: string[]): 'text' | 'json' {
	if (raw === undefined || raw === 'text' || raw === 'json') return raw ?? 'text';
	problems.push(`LOG_FORMAT = ${short(raw)}: must be "text" or "json"`);
	return 'text';
}

function parseSmtp(raw: unknown, problems: string[]): SmtpConfig | null {
	if (raw === undefined || raw === null) return null;
	const r = vb.safeParse(SmtpConfigSchema, raw);
	if (r.success) return r.output;
	problems.push(...describeIssues('alerts.smtp', r.issues, () => Object.keys(SmtpConfigSchema.entries)));
	return null;
}

function parseReportSettings(f: Record<string, unknown>, v: Validator, problems: string[], queues: QueueConfig[]): ReportSettings {
	const queueIds = new Set(queues.map((q) => q.id));
	let complaintQueues = ['complaint'];
	if (f.complaintQueues !== undefined) {
		if (!Array.isArray(f.complaintQueues) || f.complaintQueues.some((q) => typeof q !== 'string' || !queueIds.has(q))) {
			problems.push(`reports.complaintQueues = ${short(f.complaintQueues)}: must be a list of configured queue ids (${[...queueIds].join(', ')})`);
		} else complaintQueues = f.complaintQueues as string[];
	} else complaintQueues = complaintQueues.filter((q) => queueIds.has(q));
	let categories = DEFAULT_CATEGORIES.map((c) => ({ ...c }));
	if (f.categories !== undefined) {
		if (!Array.isArray(f.categories) || f.categories.length === 0) {
			problems.push(`reports.categories = ${short(f.categories)}: must be a non-empty list of {id, nameZh, nameEn}`);
		} else {
			categories = f.categories.map((item, i) => {
				const rec = isRecord(item) ? item : {};
				const id = typeof rec.id === 'string' ? rec.id : '';
				if (!ID_RE.test(id)) problems.push(`reports.categories[${i}].id = ${short(rec.id)}: must match ${ID_RE}`);
				return { id, nameZh: typeof rec.nameZh === 'string' ? rec.nameZh : id, nameEn: typeof rec.nameEn === 'string' ? rec.nameEn : id };
			});
		}
	}
	const digests: DigestSchedule[] = [];
	if (f.digests !== undefined) {
		if (!Array.isArray(f.digests)) problems.push(`reports.digests = ${short(f.digests)}: must be a list of {id, kind, at, targets}`);
		else
			f.digests.forEach((item, i) => {
				const key = `reports.digests[${i}]`;
				const rec = isRecord(item) ? item : {};
				const id = typeof rec.id === 'string' && ID_RE.test(rec.id) ? rec.id : '';
				if (!id) problems.push(`${key}.id = ${short(rec.id)}: must match ${ID_RE}`);
				const kind = rec.kind === 'weekly' ? 'weekly' : rec.kind === 'daily' ? 'daily' : null;
				if (!kind) problems.push(`${key}.kind = ${short(rec.kind)}: must be "daily" or "weekly"`);
				const at = typeof rec.at === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(rec.at) ? rec.at : null;
				if (!at) problems.push(`${key}.at = ${short(rec.at)}: must be a local time HH:mm, e.g. 08:30`);
				const weekday = rec.weekday === undefined ? 1 : Number(rec.weekday);
				if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) problems.push(`${key}.weekday = ${short(rec.weekday)}: must be 1 (Monday) … 7 (Sunday)`);
				const targets = Array.isArray(rec.targets) && rec.targets.every((t) => typeof t === 'string') ? (rec.targets as string[]) : null;
				if (!targets || targets.length === 0) problems.push(`${key}.targets = ${short(rec.targets)}: must be a non-empty list of notifier target ids (alerts.targets)`);
				const locale = rec.locale === 'en' ? 'en' : 'zh-CN';
				digests.push({ id, kind: kind ?? 'daily', at: at ?? '08:00', weekday, targets: targets ?? [], locale });
			});
	}
	return {
		fcrWindowDays: v.int('reports.fcrWindowDays', f.fcrWindowDays, 7, 1, 90),
		complaintRepeatDays: v.int('reports.complaintRepeatDays', f.complaintRepeatDays, 7, 1, 90),
		complaintQueues,
		categories,
		digests
	};
}

function parseQueues(raw: unknown, problems: string[]): QueueConfig[] {
	if (raw === undefined || raw === null) return DEFAULT_QUEUES.map((q) => ({ ...q }));
	if (!Array.isArray(raw) || raw.length === 0) {
		problems.push(`queues = ${short(raw)}: must be a non-empty list of {id, nameZh, nameEn}`);
		return [];
	}
	const seen = new Set<string>();
	return raw.map((item, i) => {
		const key = `queues[${i}]`;
		const id = isRecord(item) && typeof item.id === 'string' ? item.id : '';
		if (!ID_RE.test(id)) problems.push(`${key}.id = ${short(isRecord(item) ? item.id : item)}: must match ${ID_RE}`);
		if (seen.has(id)) problems.push(`${key}.id = ${short(id)}: duplicate queue id`);
		seen.add(id);
		const rec = isRecord(item) ? item : {};
		return {
			id,
			nameZh: typeof rec.nameZh === 'string' ? rec.nameZh : id,
			nameEn: typeof rec.nameEn === 'string' ? rec.nameEn : id
		};
	});
}

/**
 * A comma-separated list of `name:secret` pairs (INGEST_KEYS, BOARD_TOKENS): each name must match
 * ID_RE and each secret be at least 16 characters. A problem names the variable and the entry's
 * position, never the secret.
 */
function parseSecretPairs(raw: string | undefined, variable: string, what: { name: string; secret: string }, problems: string[]): { name: string; secret: string }[] {
	if (!raw) return [];
	return raw
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map((pair, i) => {
			const idx = pair.indexOf(':');
			const name = idx > 0 ? pair.slice(0, idx) : '';
			const secret = idx > 0 ? pair.slice(idx + 1) : '';
			if (!ID_RE.test(name) || secret.length < 16) {
				problems.push(`${variable} entry ${i + 1}: must be ${what.name}:${what.secret} with a ${what.name} matching ${ID_RE} and a ${what.secret} of at least 16 characters`);
			}
			return { name, secret };
		});
}

function parseIngestKeys(raw: string | undefined, problems: string[]): { source: string; key: string }[] {
	return parseSecretPairs(raw, 'INGEST_KEYS', { name: 'source', secret: 'key' }, problems).map((p) => ({ source: p.name, key: p.secret }));
}

/** ADMIN_USERNAME + ADMIN_PASSWORD, both or neither; the password is never echoed. */
function parseInitialAdmin(username: string | undefined, password: string | undefined, problems: string[]): AuthSettings['initialAdmin'] {
	if (!username && !password) return null;
	if (!username || !password) {
		problems.push('ADMIN_USERNAME and ADMIN_PASSWORD: set both (the first admin) or neither (use the one-time set-up page)');
		return null;
	}
	const name = username.trim().toLowerCase();
	if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(name)) {
		problems.push(`ADMIN_USERNAME = ${short(username)}: must be 2-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit`);
	}
	if ([...password].length < 12) problems.push('ADMIN_PASSWORD: must be at least 12 characters (value not shown)');
	return { username: name, password };
}

function parseBoardTokens(raw: string | undefined, problems: string[]): AuthSettings['boardTokens'] {
	return parseSecretPairs(raw, 'BOARD_TOKENS', { name: 'label', secret: 'token' }, problems).map((p) => ({ label: p.name, token: p.secret }));
}

/** Reads typed values from env strings or file values, recording a problem for each bad one. */
class Validator {
	constructor(
		private problems: string[],
		private fileName: string
	) {}

	section(file: Record<string, unknown>, key: string): Record<string, unknown> {
		const val = file[key];
		if (val === undefined || val === null) return {};
		if (!isRecord(val)) {
			this.problems.push(`${key} = ${short(val)} (in ${this.fileName}): must be a mapping`);
			return {};
		}
		return val;
	}

	str(key: string, raw: unknown, fallback: string | null): string | null {
		if (raw === undefined || raw === null || raw === '') return fallback;
		if (typeof raw !== 'string') {
			this.problems.push(`${key} = ${short(raw)}: must be a string`);
			return fallback;
		}
		return raw;
	}

	num(key: string, raw: unknown, fallback: number, min: number, max: number): number {
		if (raw === undefined || raw === null || raw === '') return fallback;
		const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
		if (!Number.isFinite(n) || n < min || n > max) {
			this.problems.push(`${key} = ${short(raw)}: must be a number from ${min} to ${max}`);
			return fallback;
		}
		return n;
	}

	int(key: string, raw: unknown, fallback: number, min: number, max: number): number {
		if (raw === undefined || raw === null || raw === '') return fallback;
		const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
		if (!Number.isInteger(n) || n < min || n > max) {
			this.problems.push(`${key} = ${short(raw)}: must be a whole number from ${min} to ${max}`);
			return fallback;
		}
		return n;
	}

	bool(key: string, raw: unknown, fallback: boolean): boolean {
		if (raw === undefined || raw === null || raw === '') return fallback;
		if (typeof raw === 'boolean') return raw;
		if (typeof raw === 'string') {
			const s = raw.trim().toLowerCase();
			if (['1', 'true', 'on', 'yes'].includes(s)) return true;
			if (['0', 'false', 'off', 'no'].includes(s)) return false;
		}
		this.problems.push(`${key} = ${short(raw)}: must be one of true/false, on/off, 1/0`);
		return fallback;
	}
}

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function short(x: unknown): string {
	const s = JSON.stringify(x) ?? String(x);
	return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function isValidTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}

/** The configuration with secrets masked, for logs and the health/config views. */
export function redactConfig(config: AppConfig): unknown {
	return {
		...config,
		storage: { ...config.storage, password: config.storage.password ? '***' : '' },
		ingest: { ...config.ingest, keys: config.ingest.keys.map((k) => ({ source: k.source, key: '***' })) },
		auth: {
			...config.auth,
			initialAdmin: config.auth.initialAdmin ? { username: config.auth.initialAdmin.username, password: '***' } : null,
			boardTokens: config.auth.boardTokens.map((t) => ({ label: t.label, token: '***' }))
		},
		// robot URLs carry their access token: only the target ids and types are shown
		alerts: {
			...config.alerts,
			targets: config.alerts.targets.map((t) => ({ id: t.id, type: t.type })),
			smtp: config.alerts.smtp ? { host: config.alerts.smtp.host, port: config.alerts.smtp.port } : null
		}
	};
}
