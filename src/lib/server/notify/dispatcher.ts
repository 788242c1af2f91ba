/**
 * Delivery stage: takes notification jobs (one message for one target), keeps them in a
 * per-target queue, respects the target's rate limits by digesting (never dropping), retries
 * retryable failures with backoff and Retry-After, and reports every attempt so the server can
 * write the delivery log.
 *
 * Per target, one worker sends at a time (in order). When more jobs wait than the rate limit
 * allows right now, all waiting jobs go out as one digest; jobs that arrive while a send is
 * being retried are folded into the retried message. So a robot limited to 20 messages a
 * minute, or a receiver that is down for a while, gets a few digests rather than a storm, and
 * nothing is lost (until `giveUpAfterMs`).
 */
import { backoffDelayMs, DEFAULT_RETRY, type RetryPolicy } from './backoff';
import { mergeMessages } from './digest';
import { SlidingWindowLimiter } from './rateLimiter';
import { DEFAULT_RATE_LIMITS, type NotifierRegistry } from './registry';
import type { ChannelType, Clock, NotifierTarget, NotifyMessage, RateLimit, SendResult } from './types';

export interface DeliveryJobInput {
	/** Idempotency key, e.g. `${intentId}→${targetId}`; a job id already known is ignored. */
	id: string;
	/** Groups jobs for {@link IntentSettled} (e.g. the engine's intent id). */
	intentId: string;
	target: NotifierTarget;
	message: NotifyMessage;
}

interface DeliveryJob extends DeliveryJobInput {
	enqueuedAtMs: number;
	attempts: number;
}

/** A job as `pending()` shows it: no target configuration (it holds secrets). */
export interface PendingJob {
	id: string;
	intentId: string;
	targetId: string;
	targetType: ChannelType;
	enqueuedAtMs: number;
	attempts: number;
	message: NotifyMessage;
}

/** One attempt's outcome for one job. */
export interface AttemptReport {
	jobId: string;
	intentId: string;
	targetId: string;
	targetType: ChannelType;
	/** This job's attempt number (1 = first). */
	attempt: number;
	atMs: number;
	durationMs: number;
	result: SendResult;
	/** No further attempt will be made for this job. */
	final: boolean;
	/** Job ids carried by the message sent (more than one = digest). */
	carriedJobIds: string[];
	/** Id of the message actually sent (a digest id when merged). */
	sentMessageId: string;
}

/** All jobs of an intent are final. */
export interface IntentSettled {
	intentId: string;
	atMs: number;
	/** At least one target accepted it. */
	ok: boolean;
	outcomes: Array<{ jobId: string; targetId: string; ok: boolean; error: string | null }>;
}

export interface DispatcherOptions {
	registry: NotifierRegistry;
	clock?: Clock;
	/** Waits `ms` (default setTimeout); must resolve early when the signal aborts. */
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	random?: () => number;
	retry?: Partial<RetryPolicy>;
	/** Per channel type; a target's own `rateLimits` win. Default: vendor limits (DingTalk/WeCom 20/min, Feishu 5/s and 100/min). */
	rateLimits?: Partial<Record<ChannelType, RateLimit[]>>;
	onResult?: (report: AttemptReport) => void;
	onSettled?: (settled: IntentSettled) => void;
	/** Job ids remembered after completion for idempotent enqueue (default 10 000). */
	rememberDone?: number;
}

export interface Dispatcher {
	/** Queues a job; false when its id is queued, in flight or recently done. */
	enqueue(job: DeliveryJobInput): boolean;
	/** Jobs not yet final (queued or in flight). */
	pending(): PendingJob[];
	/** Resolves when no job is queued or in flight. */
	idle(): Promise<void>;
	/** Stops the workers after their current request; unfinished jobs stay in `pending()`. */
	close(): Promise<void>;
}

interface TargetQueue {
	target: NotifierTarget;
	queue: DeliveryJob[];
	inFlight: DeliveryJob[];
	limiter: SlidingWindowLimiter;
	blockedUntilMs: number;
	worker: Promise<void> | null;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, Math.max(0, ms));
		const onAbort = () => {
			clearTimeout(timer);
			resolve();
		};
		signal.addEventListener('abort', onAbort, { once: true });
	});
}

/**
 * Creates the dispatcher.
 *
 * @example
 * const dispatcher = createDispatcher({ registry, onResult: (r) => deliveryLog.insert(r), onSettled: (s) => engineRecord(s) });
 * dispatcher.enqueue({ id: `${intent.id}→${t.id}`, intentId: intent.id, target: t, message });
 */
export function createDispatcher(opts: DispatcherOptions): Dispatcher {
	const clock = opts.clock ?? { now: () => Date.now() };
	const sleep = opts.sleep ?? defaultSleep;
	const random = opts.random ?? Math.random;
	const retry: RetryPolicy = { ...DEFAULT_RETRY, ...(opts.retry ?? {}) };
	const limitsByType = { ...DEFAULT_RATE_LIMITS, ...(opts.rateLimits ?? {}) };
	const rememberDone = opts.rememberDone ?? 10_000;
	const queues = new Map<string, TargetQueue>();
	const known = new Set<string>();
	const done: string[] = [];
	const doneSet = new Set<string>();
	const intents = new Map<string, { open: Set<string>; outcomes: IntentSettled['outcomes'] }>();
	const idleWaiters: Array<() => void> = [];
	const stop = new AbortController();
	let closed = false;

	const report = (r: AttemptReport) => {
		try {
			opts.onResult?.(r);
		} catch {
			// a failing observer must not stop deliveries
		}
	};

	function remember(id: string) {
		known.delete(id);
		doneSet.add(id);
		done.push(id);
		while (done.length > rememberDone) doneSet.delete(done.shift() as string);
	}

	function finish(job: DeliveryJob, result: SendResult) {
		remember(job.id);
		const entry = intents.get(job.intentId);
		if (!entry) return;
		entry.open.delete(job.id);
		entry.outcomes.push({ jobId: job.id, targetId: job.target.id, ok: result.ok, error: result.ok ? null : result.error });
		if (entry.open.size === 0) {
			intents.delete(job.intentId);
			try {
				opts.onSettled?.({ intentId: job.intentId, atMs: clock.now(), ok: entry.outcomes.some((o) => o.ok), outcomes: entry.outcomes });
			} catch {
				// observer errors are ignored, as above
			}
		}
	}

	function checkIdle() {
		for (const q of queues.values()) if (q.worker || (q.queue.length > 0 && !closed)) return;
		while (idleWaiters.length > 0) (idleWaiters.shift() as () => void)();
	}

	async function waitSendable(q: TargetQueue): Promise<void> {
		for (;;) {
			if (closed) return;
			const now = clock.now();
			const wait = Math.max(q.limiter.waitMs(now), q.blockedUntilMs - now);
			if (wait <= 0) return;
			await sleep(wait, stop.signal);
		}
	}

	async function deliver(q: TargetQueue, batch: DeliveryJob[]): Promise<void> {
		let failures = 0;
		for (;;) {
			q.inFlight = batch;
			const message = batch.length === 1 ? batch[0].message : mergeMessages(batch.map((j) => j.message), clock.now());
			const started = clock.now();
			q.limiter.record(started);
			const result = await opts.registry.send(q.target, message);
			const atMs = clock.now();
			failures = result.ok ? failures : failures + 1;
			const still: DeliveryJob[] = [];
			for (const job of batch) {
				job.attempts++;
				const giveUp =
					!result.ok && (!result.retryable || job.attempts >= retry.maxAttempts || atMs - job.enqueuedAtMs >= retry.giveUpAfterMs);
				const final = result.ok || giveUp;
				report({
					jobId: job.id,
					intentId: job.intentId,
					targetId: q.target.id,
					targetType: q.target.type,
					attempt: job.attempts,
					atMs,
					durationMs: atMs - started,
					result,
					final,
					carriedJobIds: batch.map((j) => j.id),
					sentMessageId: message.id
				});
				if (final) finish(job, result);
				else still.push(job);
			}
			q.inFlight = [];
			if (still.length === 0 || result.ok) return;
			batch = still;
			const retryAfterMs = !result.ok && result.retryAfterMs !== undefined ? result.retryAfterMs : 0;
			if (retryAfterMs > 0) q.blockedUntilMs = Math.max(q.blockedUntilMs, atMs + retryAfterMs);
			q.inFlight = batch;
			await sleep(Math.max(backoffDelayMs(failures, retry, random), retryAfterMs), stop.signal);
			await waitSendable(q);
			if (closed) {
				q.inFlight = [];
				q.queue.unshift(...batch);
				return;
			}
			// Fold jobs that arrived meanwhile into the retried message (digest, not a pile-up).
			if (q.queue.length > 0) batch = [...batch, ...q.queue.splice(0)];
		}
	}

	async function work(q: TargetQueue): Promise<void> {
		try {
			while (q.queue.length > 0 && !closed) {
				await waitSendable(q);
				if (closed) break;
				const available = q.limiter.available(clock.now());
				const batch = q.queue.length > available ? q.queue.splice(0) : [q.queue.shift() as DeliveryJob];
				await deliver(q, batch);
			}
		} finally {
			q.worker = null;
			checkIdle();
		}
	}

	return {
		enqueue(input) {
			if (closed) throw new Error('dispatcher.enqueue: the dispatcher is closed');
			if (known.has(input.id) || doneSet.has(input.id)) return false;
			let q = queues.get(input.target.id);
			const limits = input.target.rateLimits ?? limitsByType[input.target.type] ?? [];
			if (!q) {
				q = { target: input.target, queue: [], inFlight: [], limiter: new SlidingWindowLimiter(limits), blockedUntilMs: 0, worker: null };
				queues.set(input.target.id, q);
			} else {
				q.target = input.target; // configuration edits apply to the next send
			}
			known.add(input.id);
			const entry = intents.get(input.intentId) ?? { open: new Set<string>(), outcomes: [] };
			entry.open.add(input.id);
			intents.set(input.intentId, entry);
			q.queue.push({ ...input, enqueuedAtMs: clock.now(), attempts: 0 });
			if (!q.worker) {
				const queue = q;
				queue.worker = Promise.resolve().then(() => work(queue));
			}
			return true;
		},
		pending() {
			const out: PendingJob[] = [];
			for (const q of queues.values()) {
				for (const j of [...q.inFlight, ...q.queue]) {
					out.push({ id: j.id, intentId: j.intentId, targetId: q.target.id, targetType: q.target.type, enqueuedAtMs: j.enqueuedAtMs, attempts: j.attempts, message: j.message });
				}
			}
			return out;
		},
		idle() {
			return new Promise<void>((resolve) => {
				idleWaiters.push(resolve);
				checkIdle();
			});
		},
		async close() {
			closed = true;
			stop.abort();
			await Promise.all([...queues.values()].map((q) => q.worker ?? Promise.resolve()));
			checkIdle();
		}
	};
}
