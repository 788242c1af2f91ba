import type { SimEvent, Simulator } from './simulator';

export interface SubmitResult {
	accepted: number;
	duplicates: number;
	rejected: unknown[];
}

export interface LiveSimulationOptions {
	simulator: Simulator;
	/** the ingester's in-process entry point (same validation, dedup and durable write as HTTP/WebSocket) */
	submit: (events: Record<string, unknown>[]) => Promise<SubmitResult>;
	now: () => number;
	/** how often the simulator is advanced (default 250 ms) */
	tickMs?: number;
	/** most events per submit (default 5 000); the rest waits for the next one */
	maxBatch?: number;
	log?: (msg: string) => void;
}

export interface LiveSimulationStats {
	generated: number;
	accepted: number;
	duplicates: number;
	rejected: number;
	failedSubmits: number;
	/** events generated but not yet acknowledged (including a batch waiting to be resent) */
	pending: number;
}

export interface LiveSimulation {
	/** Stops ticking, waits for the submit in flight, then sends the simulator's closing events (best effort). */
	stop(): Promise<void>;
	stats(): LiveSimulationStats;
}

const MAX_BACKOFF_MS = 30_000;
const PENDING_WARN = 200_000;

/**
 * Drives a simulator in real time through the ingester: every tick `advance(now())`, and at most one
 * submit in flight (events generated meanwhile accumulate). A batch whose submit threw (storage
 * down, ingester overloaded) is resent unchanged — same events, same ids, so the ingester's dedup
 * makes the resend safe — after an exponential back-off; nothing generated later overtakes it.
 * Rejections are logged (there should be none: the simulator emits the v1 contract).
 */
export function startLiveSimulation(opts: LiveSimulationOptions): LiveSimulation {
	const tickMs = opts.tickMs ?? 250;
	const maxBatch = opts.maxBatch ?? 5000;
	if (!(tickMs > 0)) throw new Error(`startLiveSimulation: tickMs must be > 0, got ${tickMs}`);
	if (!(maxBatch > 0)) throw new Error(`startLiveSimulation: maxBatch must be > 0, got ${maxBatch}`);
	const log = opts.log ?? (() => undefined);
	const pending: SimEvent[] = [];
	let retry: SimEvent[] | null = null;
	let inFlight: Promise<void> | null = null;
	let failures = 0;
	let retryAtMs = 0;
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let warned = false;
	const totals = { generated: 0, accepted: 0, duplicates: 0, rejected: 0, failedSubmits: 0 };

	function take(): SimEvent[] | null {
		if (retry) return retry;
		if (pending.length === 0) return null;
		return pending.splice(0, maxBatch);
	}

	function send(batch: SimEvent[]): Promise<void> {
		return opts.submit(batch).then(
			(res) => {
				retry = null;
				failures = 0;
				totals.accepted += res.accepted;
				totals.duplicates += res.duplicates;
				if (res.rejected.length > 0) {
					totals.rejected += res.rejected.length;
					log(
						`simulator: ${res.rejected.length} of ${batch.length} events rejected (a simulator bug): ${JSON.stringify(res.rejected.slice(0, 3))}`
					);
				}
			},
			(err: unknown) => {
				retry = batch;
				failures++;
				totals.failedSubmits++;
				const backoff = Math.min(MAX_BACKOFF_MS, tickMs * 2 ** Math.min(failures, 16));
				retryAtMs = opts.now() + backoff;
				if (failures === 1 || failures % 10 === 0) {
					log(`simulator: submit of ${batch.length} events failed (${(err as Error)?.message ?? String(err)}); resending in ${backoff} ms (attempt ${failures})`);
				}
			}
		);
	}

	function pump(): void {
		if (inFlight || opts.now() < retryAtMs) return;
		const batch = take();
		if (!batch) return;
		inFlight = send(batch).finally(() => {
			inFlight = null;
		});
	}

	function tick(): void {
		timer = null;
		if (stopped) return;
		try {
			const events = opts.simulator.advance(opts.now());
			totals.generated += events.length;
			for (const e of events) pending.push(e);
			if (!warned && pending.length > PENDING_WARN) {
				warned = true;
				log(`simulator: ${pending.length} events waiting for the ingester; storage may be down`);
			}
			pump();
		} catch (err) {
			log(`simulator: tick failed: ${(err as Error)?.stack ?? String(err)}`);
		}
		timer = setTimeout(tick, tickMs);
	}

	timer = setTimeout(tick, 0);

	return {
		async stop() {
			if (stopped) return;
			stopped = true;
			if (timer) clearTimeout(timer);
			if (inFlight) await inFlight;
			const closing = opts.simulator.shutdown(opts.now());
			totals.generated += closing.length;
			for (const e of closing) pending.push(e);
			// one last attempt for everything still here, without back-off: we are shutting down
			for (let batch = take(); batch; batch = take()) {
				const before = totals.failedSubmits;
				await send(batch);
				if (totals.failedSubmits > before) {
					log(`simulator: stopped with ${(retry?.length ?? 0) + pending.length} events not stored`);
					break;
				}
			}
		},
		stats() {
			return { ...totals, pending: pending.length + (retry?.length ?? 0) };
		}
	};
}
