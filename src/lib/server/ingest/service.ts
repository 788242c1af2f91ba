import type { AppConfig } from '../config/config';
import type { LiveState } from '../live/liveState';
import { validateEvent, type IngestEvent, type Problem, type ValidationContext } from './contract';
import { SeenIds } from './dedup';
import type { ParsedItem } from './parse';
import { agentEventLine, contactEventLine } from '../queries/ingest/eventRows';
import { BatchWriter, StorageWriteError, type Row } from './writer';

export interface Rejection {
	index: number;
	event_id: string | null;
	field: string;
	message: string;
}

export interface IngestResult {
	accepted: number;
	duplicates: number;
	rejected: Rejection[];
}

/** The writer is too far behind: nothing of the request was taken; the sender should retry later. */
export class OverloadedError extends Error {
	constructor(readonly retryAfterSec: number) {
		super(`the ingester is busy writing earlier events; retry in ${retryAfterSec} s`);
		this.name = 'OverloadedError';
	}
}

export { StorageWriteError };

/** Events validated between two yields to the event loop (≈ 5–10 ms of work on a 2-core machine). */
const VALIDATE_CHUNK = 2_000;
const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

export interface IngestServiceDeps {
	config: AppConfig;
	writer: BatchWriter;
	live: LiveState;
	seen: SeenIds;
	now: () => number;
	/**
	 * Which of these events (older than the dedup memory's horizon) are stored already, as
	 * SeenIds.key(source, id); without it the memory is taken as complete (tests).
	 */
	storedKeys?: (source: string, events: IngestEvent[]) => Promise<Set<string>>;
	/** called after events are applied to the live state (the board pushes on it) */
	onApplied?: () => void;
}

/**
 * The one ingest path. HTTP, WebSocket and the built-in simulator all call `submit`:
 * validate → dedup by source + event_id (memory, then storage for events older than its horizon) → derive wait/handle from live state → write (batched, durable) →
 * apply to live state → answer. Rejections name the event's index, id, field and rule; the valid
 * events next to a bad one are stored.
 */
export class IngestService {
	/**
	 * Writes not yet durable, with the dedup keys each carries. A duplicate is acknowledged only after
	 * the write that carries its original is durable, and answered "resend" if that write failed. One
	 * entry per batch, not per event (a per-event Map of in-flight ids was the largest cost of `submit`
	 * in the bench:ingest profile, issue 24); the key Set is built only when a duplicate asks, which is rare.
	 */
	private pendingWrites = new Map<Promise<void>, { keys: string[]; set?: Set<string> }>();
	private ctxBase: Omit<ValidationContext, 'nowMs'>;
	private totals = { accepted: 0, duplicates: 0, rejected: 0 };
	/** received_at of events applied from now on is above this (see snapshotMark) */
	private receivedFloorMs = 0;
	/** when each source last delivered a valid event (accepted or a duplicate), server time */
	readonly lastEventBySource = new Map<string, number>();

	constructor(private deps: IngestServiceDeps) {
		const { config } = deps;
		this.ctxBase = {
			channels: new Set(config.channels.map((c) => c.id)),
			queues: new Set(config.queues.map((q) => q.id)),
			maxLatenessSec: config.ingest.maxLatenessSec,
			maxFutureSkewSec: config.ingest.maxFutureSkewSec,
			categories: new Set(config.reports.categories.map((c) => c.id))
		};
	}

	get stats() {
		const { seen } = this.deps;
		return { ...this.totals, pendingRows: this.deps.writer.pendingRows, knownIds: seen.size, dedupBytes: seen.bytes, dedupHorizonMs: Number.isFinite(seen.horizonMs) ? seen.horizonMs : null, writer: this.deps.writer.stats };
	}

	/**
	 * The mark of a live-state snapshot taken synchronously with this call: every event applied so far
	 * is stored with received_at ≤ the mark, every later one with received_at > it (live/snapshotFile.ts).
	 */
	snapshotMark(): number {
		const mark = Math.max(this.deps.now(), this.receivedFloorMs);
		this.receivedFloorMs = mark + 1;
		return mark;
	}

	async submit(items: ParsedItem[], source: string): Promise<IngestResult> {
		const { writer, live, seen, config } = this.deps;
		if (writer.pendingRows + items.length > config.ingest.maxPendingEvents) {
			throw new OverloadedError(Math.max(1, Math.ceil(writer.pendingRows / 50_000)));
		}
		const nowMs = this.deps.now();
		const ctx: ValidationContext = { ...this.ctxBase, nowMs };
		const rejected: Rejection[] = [];
		const candidates: { e: IngestEvent; key: string }[] = [];
		const unsure: IngestEvent[] = [];
		/** keys taken as duplicates because the memory holds them: maybe still being written */
		const dupKeys: string[] = [];
		let duplicates = 0;
		// Validation of a large body yields to the event loop every VALIDATE_CHUNK events, so that other
		// clients (a board, a probe, small batches) are served meanwhile (issue 24: a 9.5 MiB body
		// stalled everyone for 2.3 s). Nothing is decided here: the dedup decision below runs after the
		// last await, in one synchronous step with the write.
		for (let index = 0; index < items.length; index++) {
			if (index > 0 && index % VALIDATE_CHUNK === 0) await yieldToEventLoop();
			const item = items[index];
			if (!item.ok) {
				rejected.push({ index, event_id: null, field: '', message: item.message });
				continue;
			}
			let r: IngestEvent | Problem[];
			try {
				r = validateEvent(item.value, ctx);
			} catch (err) {
				// validateEvent never throws on bad input by design; should it, only this event is refused.
				r = [{ field: '', message: `this event could not be validated (${(err as Error).message}); it was not stored` }];
			}
			if (Array.isArray(r)) {
				const id = (item.value as { event_id?: unknown } | null)?.event_id;
				for (const p of r) {
					rejected.push({ index, event_id: typeof id === 'string' ? id : null, field: p.field, message: p.message });
				}
				continue;
			}
			const key = SeenIds.key(source, r.eventId);
			candidates.push({ e: r, key });
			// older than what the memory knows: ask storage (one query for the whole batch, below)
			if (this.deps.storedKeys && !seen.covers(r.tsMs) && !seen.has(key)) unsure.push(r);
		}
		const stored = unsure.length > 0 ? await this.deps.storedKeys!(source, unsure) : null;
		// Decided synchronously from here to the write: no other request interleaves, so a key that a
		// request running during the awaits above stored (or is writing) is caught by `seen.has` now,
		// and a key whose write failed meanwhile was forgotten and is taken as new.
		const fresh: { e: IngestEvent; key: string }[] = [];
		const inRequest = new Set<string>();
		for (const { e, key } of candidates) {
			if (seen.has(key)) {
				dupKeys.push(key);
				duplicates++;
				continue;
			}
			if (stored && stored.has(key)) {
				seen.add(key, e.tsMs); // remembered now: the next resend needs no query
				duplicates++;
				continue;
			}
			if (inRequest.has(key)) {
				duplicates++;
				continue;
			}
			inRequest.add(key);
			fresh.push({ e, key });
		}
		// Duplicates of events another request is still writing: their ack must wait for that write, and
		// if it fails they were not stored after all. Found now, in the same synchronous step as the
		// decision, while those writes are still listed (a failed write forgets its keys when it settles).
		const writesOfDuplicates: Promise<void>[] = [];
		if (dupKeys.length > 0) {
			for (const [w, entry] of this.pendingWrites) {
				entry.set ??= new Set(entry.keys);
				if (dupKeys.some((k) => entry.set!.has(k))) writesOfDuplicates.push(w);
			}
		}

		if (fresh.length > 0) {
			// Apply in time order so derived waits and the live state see arrivals before answers.
			fresh.sort((a, b) => a.e.tsMs - b.e.tsMs);
			const receivedAt = Math.max(nowMs, this.receivedFloorMs);
			const contactRows: Row[] = [];
			const agentRows: Row[] = [];
			const contactIds: string[] = [];
			const agentIds: string[] = [];
			for (const { e, key } of fresh) {
				const d = live.derive(e);
				live.apply(e, nowMs);
				seen.add(key, e.tsMs);
				if (e.kind === 'contact') {
					contactIds.push(key);
					contactRows.push(contactEventLine(e, { receivedAt, source, waitMs: d.waitMs, handleMs: d.handleMs, category: d.category, tier: d.tier }));
				} else {
					agentIds.push(key);
					agentRows.push(agentEventLine(e, { receivedAt, source }));
				}
			}
			this.deps.onApplied?.();
			// the writer derives each insert's insert_deduplication_token from these: they must be the dedup
			// keys (source + id), or two sources' batches with the same ids would be dropped by ClickHouse
			// as one insert (found by tests/reliability/crash.rel.test.ts)
			const writtenKeys = [...contactIds, ...agentIds];
			const written = writer.write(contactRows, agentRows, writtenKeys);
			this.pendingWrites.set(written, { keys: writtenKeys });
			try {
				await written;
			} catch (err) {
				// Not stored: forget the ids so that the sender's retry is taken, and let the caller answer 503.
				for (const { key } of fresh) seen.delete(key);
				throw err instanceof StorageWriteError ? err : new StorageWriteError((err as Error).message);
			} finally {
				this.pendingWrites.delete(written);
			}
		}
		// A duplicate of an event still being written is acknowledged only once that write is durable:
		// its write is one of those pending now (or done already). If such a write failed, its ids were
		// forgotten (above) and the duplicate was not stored after all: answer "resend" instead of an ack.
		if (writesOfDuplicates.length > 0) {
			const settled = await Promise.allSettled(writesOfDuplicates);
			if (settled.some((r) => r.status === 'rejected')) {
				throw new StorageWriteError('events of this batch that another request was still writing were lost when that write failed');
			}
		}
		if (fresh.length + duplicates > 0) this.lastEventBySource.set(source, nowMs);
		this.totals.accepted += fresh.length;
		this.totals.duplicates += duplicates;
		this.totals.rejected += new Set(rejected.map((r) => r.index)).size;
		return { accepted: fresh.length, duplicates, rejected };
	}
}
