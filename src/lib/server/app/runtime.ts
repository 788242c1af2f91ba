import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { readFileSync } from 'node:fs';
import pkg from '../../../../package.json';
import { IngestKeys } from '../auth/ingestKeys';
// --- access control
import { clickhouseRepo } from '../auth/repo';
import { AccessControl } from '../auth/service';
// --- end access control
import { loadConfig, type AppConfig } from '../config/config';
import { SeenIds, dedupOptionsForMiB } from '../ingest/dedup';
import { storedEventKeys } from '../queries/ingest/storedEventKeys';
import { IngestService } from '../ingest/service';
import { ingestSocketRoute } from '../ingest/socket';
import { BatchWriter } from '../ingest/writer';
import { LiveState } from '../live/liveState';
import { startPublisher } from '../live/publisher';
import { intradayHistoryReader, type IntradayHistory } from '../live/intradayHistory';
import { rebuildFromStorage } from '../live/rebuild';
import { readSnapshot, serialiseSnapshot, writeSnapshot } from '../live/snapshotFile';
import { readDedupSnapshot, serialiseDedup, writeDedupSnapshot } from '../ingest/dedupFile';
import { openStorage, type Storage } from '../storage/clickhouse';
import { bundledMigrations, migrate, type MigrationReport } from '../storage/migrate';
import { WsHub } from '../ws/hub';
import { clickhouseAlertStore } from '../alerts/store';
import { createLogger, type Logger } from './logger';
import { AlertService } from '../alerts/service';
import { AdherenceMonitor, adherenceRule } from '../planning/adherenceAlert';
import { ensureLocalIngestKey } from './localKey';
import { startDemo } from './demo';
import { createForecastRunner, type ForecastRunner } from '../planning/forecastWorker';
import { IntradayService } from '../intraday/intradayService';
import { HistoryImporter } from '../history/importer';

/**
 * The services of one server process, built once at start and passed to whoever needs them.
 * SvelteKit's `init` hook starts it (production and dev); the custom server and the Vite dev
 * plugin reach the same instance for WebSocket upgrades through `startRuntime()`, which is
 * idempotent per process (a global symbol, because Vite may evaluate this module more than once).
 */
export interface Runtime {
	version: string;
	startedAtMs: number;
	config: AppConfig;
	storage: Storage;
	migrations: MigrationReport;
	live: LiveState;
	ingest: IngestService;
	keys: IngestKeys;
	/** access control: users, sessions, ingest keys, board tokens (docs/decisions/0007) */
	access: AccessControl;
	hub: WsHub;
	alerts: AlertService;
	/** planning forecasts, on a worker thread (docs/decisions/0011) */
	forecaster: ForecastRunner;
	/** intraday re-forecast every 15 minutes on the forecast worker, and the staffing gap (docs/decisions/0050) */
	intraday: IntradayService;
	/** the board's intraday chart: today's stored actual and the typical shape, cached, on the heavy connection (issue 18) */
	intradayHistory: () => Promise<IntradayHistory>;
	/** interval-history imports on the heavy connection (docs/decisions/0013) */
	history: HistoryImporter;
	/** event ids the live ingester remembers (old-event imports dedup against them too) */
	seen: SeenIds;
	now: () => number;
	/** the one logger (info by default; `.warn`, `.error`; text or JSON lines) */
	log: Logger;
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	shutdown(): Promise<void>;
	/** services started after the server is up (simulator, backfill) register their stop here */
	onShutdown(fn: () => Promise<void> | void): void;
}

const KEY = Symbol.for('cs-ops.runtime');
/**
 * Set by scripts/server.js before it loads the app: it opens the port as soon as the configuration is
 * known and answers 503 "starting" (with the current step) until the runtime is ready (issue 24).
 * Absent under `vite dev` and in tests that build a runtime themselves.
 */
const STARTUP = Symbol.for('cs-ops.startup');
type StartupHooks = { onConfig(config: AppConfig): void; onStep(text: string): void };
const startupHooks = (): StartupHooks | undefined => (globalThis as { [STARTUP]?: StartupHooks })[STARTUP];
/**
 * How often the live state (and the dedup memory) is snapshotted to <DATA_PATH>: after a kill -9 a
 * start replays the events received since the last one, so this bounds that tail (90 000 events at
 * 3 000/s); each snapshot costs the main thread ≈ 50–100 ms (serialising the state, copying 32 MiB).
 */
const SNAPSHOT_EVERY_MS = 30_000;
type Holder = { [KEY]?: Promise<Runtime> };

export function startRuntime(): Promise<Runtime> {
	const g = globalThis as Holder;
	g[KEY] ??= buildRuntime(process.env).catch((err) => {
		delete g[KEY];
		throw err;
	});
	return g[KEY]!;
}

/** The running runtime; only valid after `init` (every request and upgrade comes after it). */
export async function getRuntime(): Promise<Runtime> {
	return startRuntime();
}

async function buildRuntime(env: Record<string, string | undefined>): Promise<Runtime> {
	// start-up timeline: each step's end as seconds since the process started (issue 24: where a restart's time goes)
	const at = () => `t+${(performance.now() / 1000).toFixed(2)} s`;
	const config = loadConfig({ env, readFile: (p) => readFileSync(p, 'utf8') });
	const log = createLogger({ format: config.server.logFormat });
	startupHooks()?.onConfig(config);
	const step = (text: string) => startupHooks()?.onStep(text);
	// test knob (tests/server/starting.int.test.ts): hold the start after the port opened, so the
	// 503 "starting" answers can be observed deterministically
	const holdMs = Number(env.CSOPS_TEST_START_HOLD_MS ?? 0);
	if (holdMs > 0) {
		step('held by CSOPS_TEST_START_HOLD_MS');
		await new Promise((r) => setTimeout(r, holdMs));
	}
	// One readable line; the effective settings are on /admin/config and `npm start -- --print-config`.
	log(
		`config: ${config.sources.join(' < ')}; zone ${config.timezone}; ${config.channels.length} channels (${config.channels.map((c) => c.id).join(', ')}); demo ${config.simulator.enabled ? 'on' : 'off'} — effective settings: /admin/config or \`npm start -- --print-config\``
	);
	const now = () => Date.now();
	const startedAtMs = now();
	step('opening storage');
	const storage = await openStorage(config.storage);
	log(`start-up: storage opened (${at()})`);
	step('checking migrations');
	const stops: (() => Promise<void> | void)[] = [];
	try {
		const migrations = await migrate(storage.ingest, bundledMigrations(), { cluster: config.storage.cluster });
		log(`storage: ${storage.kind} at ${storage.location}; migrations ${migrations.applied.length} applied now, at version ${migrations.current} (${at()})`);

		const live = new LiveState(config.channels, config.timezone, now());
		const seen = new SeenIds(dedupOptionsForMiB(config.ingest.dedupMemoryMiB));
		// the live state restarts from its last snapshot plus the events received after it (decision 0006)
		const fingerprint = JSON.stringify({ channels: config.channels, timezone: config.timezone });
		step('rebuilding the live state');
		const tSnap = performance.now();
		const snapshot = readSnapshot(config.storage.dataPath, fingerprint);
		const dedup = readDedupSnapshot(config.storage.dataPath);
		log(`start-up: snapshots read in ${(performance.now() - tSnap).toFixed(0)} ms (${at()})`);
		if ('unusable' in dedup) log(`dedup memory: ${dedup.unusable}; refilling it from storage`);
		if ('unusable' in snapshot) log(`live state: ${snapshot.unusable}; replaying the day from storage`);
		const rebuilt = await rebuildFromStorage({
			client: storage.live,
			live,
			seen,
			nowMs: now(),
			timezone: config.timezone,
			maxLatenessSec: config.ingest.maxLatenessSec,
			snapshot: 'unusable' in snapshot ? null : snapshot,
			dedup: 'unusable' in dedup ? null : dedup
		});
		log(`live state rebuilt in ${rebuilt.elapsedMs.toFixed(0)} ms from ${rebuilt.from}: ${rebuilt.ids} known event ids (dedup memory ${(seen.capacityBytes / 1048576).toFixed(0)} MiB cap), ${rebuilt.contactEvents} contact events replayed, ${rebuilt.agents} agents — ${rebuilt.phases} (${at()})`);

		const keys = new IngestKeys(config.ingest.keys, now);
		// --- access control: loads users, sessions, managed ingest keys (into `keys`) and board tokens;
		// creates the first admin from ADMIN_USERNAME/ADMIN_PASSWORD or writes <DATA_PATH>/setup-token.
		const access = await AccessControl.start({ repo: clickhouseRepo(storage.live), settings: config.auth, dataPath: config.storage.dataPath, keys, now, log });
		stops.push(() => access.stop());
		log(`start-up: access control loaded (${at()})`);
		step('restoring alerts');
		// --- end access control
		if (keys.count === 0) {
			// the first-run key works only while no other key exists (configured or created on /admin/ingest-keys)
			const file = ensureLocalIngestKey(config.storage.dataPath, (source, key) => keys.addBootstrap(source, key));
			log(`ingest: no INGEST_KEYS configured; a key for source "local" is in ${file} (send it as Authorization: Bearer <key>)`);
		}
		const writer = new BatchWriter(storage.ingest, {
			maxBatchRows: config.ingest.maxBatchRows,
			maxBatchDelayMs: config.ingest.maxBatchDelayMs,
			log
		});
		const hub = new WsHub();
		let alerts: AlertService | null = null;
		const publisher = startPublisher({
			hub,
			live,
			now,
			// board-safe alert data only: levels per channel and the banner's L2/L3 summaries
			extras: () => {
				const board = alerts?.boardAlerts() ?? { alerts: [], total: 0 };
				return { alertLevels: alerts?.levelsByChannel() ?? {}, boardAlerts: board.alerts, boardAlertTotal: board.total };
			},
			authorize: (req, url) => access.authorizeUpgrade(req, url), // --- access control
			queueIds: config.queues.map((q) => q.id)
		});
		const ingest = new IngestService({
			config,
			writer,
			live,
			seen,
			now,
			onApplied: publisher.poke,
			// events older than the dedup memory's horizon are checked against storage (decision 0006)
			storedKeys: (source, events) => storedEventKeys(storage.live, source, events)
		});
		hub.add(ingestSocketRoute({ ingest, keys, maxFrameBytes: config.ingest.maxFrameBytes, log, authorize: (req, url) => access.authorizeUpgrade(req, url) /* --- access control */ }));
		hub.add(publisher.route);

		// Schedule adherence (issue 21): agents out of adherence feed one alert rule (L1 after N minutes).
		const adherence = new AdherenceMonitor({ client: storage.heavy, live, now, timezone: config.timezone, thresholdMin: config.scheduling.adherenceL1Min, refreshMs: 5000, log });
		adherence.start();
		stops.push(() => adherence.stop());
		// Alerts: the engine steps on the live state; in-app notices and changes go to boards and inboxes.
		alerts = await AlertService.start({
			extraRules: [adherenceRule(config.scheduling.adherenceL1Min)],
			extraItems: () => adherence.openItems(),
			store: clickhouseAlertStore(storage.live, storage.heavy),
			live,
			channels: config.channels,
			settings: config.alerts,
			now,
			// silent sources: every source with a working key, and every source that has sent since start
			sources: () => {
				const names = new Set([...keys.watchedSources(), ...ingest.lastEventBySource.keys()]);
				return [...names].map((source) => ({ source, lastEventAtMs: ingest.lastEventBySource.get(source) ?? null, knownSinceMs: startedAtMs }));
			},
			// per-role topics: alert details only to principals that may read /api/v1/alerts, the banner's
			// board-safe summary to every board (publisher.ts)
			publish: (m) => publisher.publishAlerts(m),
			log
		});
		alerts.run();
		log(`start-up: alerts restored (${at()})`);
		stops.push(() => alerts!.stop());

		// Settled FCR / 投诉二次率 days (decision 0085): each closed day's counts computed once, in the background.
		{
			const { startOutcomeSettler } = await import('../reports/settle');
			const settler = startOutcomeSettler({
				client: storage.heavy,
				timezone: config.timezone,
				reports: config.reports,
				maxLatenessSec: config.ingest.maxLatenessSec,
				now,
				log
			});
			stops.push(() => settler.stop());
		}

		// Report digests (docs/metrics.md "Digests"): their own notifier registry, the heavy connection.
		if (config.reports.digests.length > 0) {
			const { createNotifierRegistry } = await import('../notify/index');
			const { startDigestScheduler } = await import('../reports/digest');
			const registry = createNotifierRegistry({
				smtp: config.alerts.smtp ?? undefined,
				net: { allowPrivateTargets: config.alerts.allowPrivateTargets }
			});
			const digests = startDigestScheduler({
				client: storage.heavy,
				timezone: config.timezone,
				channels: config.channels,
				queues: config.queues,
				reports: config.reports,
				targets: config.alerts.targets,
				send: (t, m) => registry.send(t, m),
				now,
				log
			});
			stops.push(() => {
				digests.stop();
				registry.close();
			});
			log(`reports: ${config.reports.digests.length} digest schedule(s): ${config.reports.digests.map((d) => `${d.id} ${d.kind} ${d.at}`).join(', ')}`);
		}

		const forecaster = createForecastRunner();
		stops.push(() => forecaster.close());
		log(`planning: forecasts run ${forecaster.mode === 'worker' ? `on a worker thread (${forecaster.file})` : 'in-process (no build/forecast-worker.mjs: vite dev)'}`);
		const intraday = new IntradayService({
			client: storage.heavy,
			runner: forecaster,
			channels: config.channels,
			timezone: config.timezone,
			now,
			log,
			// test knobs (e2e): first run and retry delays
			firstRunDelayMs: Number(env.INTRADAY_FIRST_RUN_MS ?? 20_000),
			retryMs: Number(env.INTRADAY_RETRY_MS ?? 60_000)
		});
		intraday.start();
		stops.push(() => intraday.stop());

		// Snapshot the live state every SNAPSHOT_EVERY_MS: mark and serialise in one synchronous step,
		// write the file once everything applied before the mark is durable.
		let snapshotting = false;
		const takeSnapshot = async (): Promise<void> => {
			if (snapshotting) return;
			snapshotting = true;
			try {
				const mark = ingest.snapshotMark();
				const text = serialiseSnapshot(live.exportState(), mark, fingerprint);
				// the dedup memory at the same mark (a copy of its tables), so a start need not re-read its ids
				const dedupBytes = serialiseDedup(seen.exportState(), mark);
				if (await writer.barrier()) {
					await writeDedupSnapshot(config.storage.dataPath, dedupBytes);
					await writeSnapshot(config.storage.dataPath, text);
				} else log('live state: snapshot skipped (a write failed since the last one)');
			} catch (err) {
				log(`live state: snapshot failed: ${(err as Error).message}`);
			} finally {
				snapshotting = false;
			}
		};
		const snapshots = setInterval(() => void takeSnapshot(), SNAPSHOT_EVERY_MS);
		snapshots.unref();

		// Keep memory flat: forget ids and counters that left their windows.
		const housekeeping = setInterval(() => {
			const t = now();
			live.prune(t, config.ingest.maxLatenessSec * 1000);
			publisher.poke();
		}, 1_000);
		housekeeping.unref();

		let shuttingDown: Promise<void> | null = null;
		const runtime: Runtime = {
			version: pkg.version,
			startedAtMs,
			config,
			storage,
			migrations,
			live,
			ingest,
			keys,
			access,
			hub,
			alerts,
			forecaster,
			intraday,
			intradayHistory: intradayHistoryReader({ client: storage.heavy, channels: config.channels.map((c) => c.id), timezone: config.timezone, now }),
			history: new HistoryImporter(storage.heavy, log),
			seen,
			now,
			log,
			handleUpgrade: (req, socket, head) => hub.handleUpgrade(req, socket, head),
			onShutdown: (fn) => stops.push(fn),
			shutdown() {
				shuttingDown ??= (async () => {
					for (const fn of stops.reverse()) await Promise.resolve(fn()).catch((e) => log(`shutdown: ${(e as Error).message}`));
					clearInterval(housekeeping);
					clearInterval(snapshots);
					publisher.stop();
					await hub.close();
					await writer.close();
					// nothing is ingested any more and everything is written: a snapshot for a fast start
					await takeSnapshot();
					await storage.close();
					log('runtime: stopped cleanly (pending events written, storage closed)');
				})();
				return shuttingDown;
			}
		};
		if (config.simulator.enabled) {
			const demo = startDemo(runtime);
			stops.push(() => demo.stop());
		}
		log(`start-up: runtime ready (${at()})`);
		return runtime;
	} catch (err) {
		await storage.close();
		throw err;
	}
}
