import { closingEvents } from '../simulator/leftovers';
import type { ParsedItem } from '../ingest/parse';
import { runBackfill } from '../simulator/backfill';
import { startLiveSimulation } from '../simulator/live';
import { createSimulator } from '../simulator/simulator';
import type { Runtime } from './runtime';

/**
 * The built-in demo (config `simulator.enabled`, on by default): two years of interval history
 * written once by the backfill (idempotent, in the background on the heavy connection, so the
 * server is up at once), and live traffic from the simulator through the same ingest path as HTTP
 * and WebSocket senders (validation, dedup, durable write, live state) — only the socket is skipped.
 * See docs/simulator.md and docs/decisions/0008-demo-simulator.md.
 */
export function startDemo(rt: Runtime): { stop(): Promise<void> } {
	const { config, log } = rt;
	const sim = config.simulator;
	let stopped = false;
	// a stop (Ctrl-C, SIGTERM) ends the backfill after the month being written, not after all 26
	const abort = new AbortController();
	const backfill = runBackfill({
		signal: abort.signal,
		client: rt.storage.heavy,
		channels: config.channels,
		queues: config.queues,
		timezone: config.timezone,
		seed: sim.seed,
		endMs: rt.now(),
		onProgress: (p) => {
			if (p.done === p.total || p.done % Math.max(1, Math.floor(p.total / 10)) === 0) log(`backfill: ${p.done}/${p.total} months, ${p.rows} rows`);
		}
	})
		.then((r) =>
			log(
				r.skipped
					? 'backfill: history already present, skipped'
					: r.stopped
						? `backfill: stopped with the server after ${r.rows} interval rows; the next start resumes it`
						: `backfill: ${r.rows} interval rows in ${(r.elapsedMs / 1000).toFixed(1)} s`
			)
		)
		.catch((err) => log(`backfill failed: ${(err as Error).message}`));

	const submit = (events: Record<string, unknown>[]) => rt.ingest.submit(events.map((value): ParsedItem => ({ ok: true, value })), 'simulator');

	// Contacts a previous simulator run left open would wait forever: close them as that run's end.
	const prefix = `sim${sim.seed.toString(36)}-`;
	const nowMs = rt.now();
	const leftovers = closingEvents(rt.live.contacts.values(), config.channels, prefix, nowMs);
	const cleanup = leftovers.length ? submit(leftovers).then((r) => log(`simulator: closed ${r.accepted} contact(s) left open by an earlier run`)) : Promise.resolve();

	const simulator = createSimulator({
		seed: sim.seed,
		channels: config.channels,
		queues: config.queues,
		timezone: config.timezone,
		scenario: 'normal',
		speed: sim.speed,
		startMs: nowMs
	});
	let live: ReturnType<typeof startLiveSimulation> | null = null;
	void cleanup.then(() => {
		if (stopped) return;
		live = startLiveSimulation({ simulator, submit, now: rt.now, log });
		log(`simulator: live traffic on (speed ${sim.speed}×, seed ${sim.seed}); set SIMULATOR=off to turn it off`);
	});
	return {
		async stop() {
			stopped = true;
			abort.abort();
			await live?.stop();
			await backfill;
		}
	};
}
