import type { ClickHouseClient } from '@clickhouse/client';
import { contentInsertToken } from '../queries/dedupToken';
import { insertEventLines } from '../queries/ingest/insertEventLines';

/**
 * Batches rows by size and time and writes them through the ingest connection, one insert at a
 * time (the engine runs one query at a time per connection anyway). `write()` resolves only when
 * its rows are durably in ClickHouse; that is when the ingester acks.
 *
 * A failed insert is retried with the SAME insert_deduplication_token, so an insert that did land
 * before its answer was lost is dropped as a duplicate block instead of doubling the rows
 * (tables have non_replicated_deduplication_window > 0, migration 0001). The token is passed on
 * every insert: settings stick to a chDB connection (docs/chdb-engine.md).
 */
/**
 * One row, serialised once when its event was accepted: a JSONCompactEachRow line from
 * `contactEventLine` / `agentEventLine` (queries/ingest/eventRows.ts).
 */
export type Row = string;

export interface WriterOptions {
	maxBatchRows: number;
	maxBatchDelayMs: number;
	/** retry delays; after the last one the batch fails and its callers get an error (→ 503) */
	retryDelaysMs?: number[];
	log?: (msg: string) => void;
}

interface Batch {
	contact: Row[];
	agent: Row[];
	ids: string[];
	resolve: () => void;
	reject: (err: Error) => void;
	done: Promise<void>;
	firstAtMs: number;
}

export class StorageWriteError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StorageWriteError';
	}
}

export class BatchWriter {
	private current: Batch | null = null;
	private sealed: Batch[] = [];
	private timer: NodeJS.Timeout | null = null;
	private writing = false;
	/** the batch being inserted now (taken off `sealed`) */
	private inFlight: Batch | null = null;
	private sealWhenFree = false;
	private closed = false;
	/** rows enqueued and not yet written */
	pendingRows = 0;
	/** statistics for health and benchmarks */
	stats = { batches: 0, rows: 0, retries: 0, failures: 0, lastWriteMs: 0 };

	constructor(
		private client: ClickHouseClient,
		private opts: WriterOptions
	) {}

	/** Adds rows; resolves when all of them are durably written. `ids` are the rows' dedup keys (source + event_id), the seed of the insert tokens. */
	write(contact: Row[], agent: Row[], ids: string[]): Promise<void> {
		if (this.closed) return Promise.reject(new StorageWriteError('the ingester is shutting down'));
		const waits: Promise<void>[] = [];
		let ci = 0;
		let ai = 0;
		let ii = 0;
		while (ci < contact.length || ai < agent.length) {
			const b = this.open();
			const room = this.opts.maxBatchRows - (b.contact.length + b.agent.length);
			const takeC = Math.min(room, contact.length - ci);
			for (let k = 0; k < takeC; k++) b.contact.push(contact[ci++]);
			const takeA = Math.min(room - takeC, agent.length - ai);
			for (let k = 0; k < takeA; k++) b.agent.push(agent[ai++]);
			const take = takeC + takeA;
			for (let k = 0; k < take && ii < ids.length; k++) b.ids.push(ids[ii++]);
			this.pendingRows += take;
			waits.push(b.done);
			if (b.contact.length + b.agent.length >= this.opts.maxBatchRows) this.seal();
		}
		if (waits.length === 0) return Promise.resolve();
		return waits.length === 1 ? waits[0] : Promise.all(waits).then(() => undefined);
	}

	private open(): Batch {
		if (this.current) return this.current;
		let resolve!: () => void;
		let reject!: (err: Error) => void;
		const done = new Promise<void>((res, rej) => {
			resolve = res;
			reject = rej;
		});
		// a batch nobody awaits any more must not become an unhandled rejection
		done.catch(() => undefined);
		this.current = { contact: [], agent: [], ids: [], resolve, reject, done, firstAtMs: Date.now() };
		this.timer = setTimeout(() => this.onTimer(), this.opts.maxBatchDelayMs);
		return this.current;
	}

	/**
	 * Group commit: when the delay is up and the previous insert is still running, the batch keeps
	 * growing and is sealed the moment that insert returns. Under load this makes batches large
	 * (fewer, cheaper inserts); when idle an event waits at most maxBatchDelayMs.
	 */
	private onTimer(): void {
		this.timer = null;
		if (this.writing || this.sealed.length > 0) this.sealWhenFree = true;
		else this.seal();
	}

	private seal(): void {
		this.sealWhenFree = false;
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		if (!this.current) return;
		this.sealed.push(this.current);
		this.current = null;
		void this.drain();
	}

	private async drain(): Promise<void> {
		if (this.writing) return;
		this.writing = true;
		try {
			for (;;) {
				if (this.sealed.length === 0 && this.sealWhenFree && this.current) {
					this.sealWhenFree = false;
					this.sealed.push(this.current);
					this.current = null;
				}
				if (this.sealed.length === 0) break;
				const b = this.sealed.shift()!;
				this.inFlight = b;
				try {
					await this.writeBatch(b);
					this.stats.batches++;
					this.stats.rows += b.contact.length + b.agent.length;
					b.resolve();
				} catch (err) {
					this.stats.failures++;
					b.reject(err as Error);
				} finally {
					this.inFlight = null;
					this.pendingRows -= b.contact.length + b.agent.length;
				}
			}
		} finally {
			this.writing = false;
		}
	}

	private async writeBatch(b: Batch): Promise<void> {
		// derived from the batch's ids: a retry carries the same tokens (c-…, a-… as before)
		const contactToken = contentInsertToken('c', b.ids);
		const agentToken = contentInsertToken('a', b.ids);
		const delays = this.opts.retryDelaysMs ?? [100, 300, 1000, 3000, 5000];
		const t0 = performance.now();
		let wroteContact = b.contact.length === 0;
		let wroteAgent = b.agent.length === 0;
		for (let attempt = 0; ; attempt++) {
			try {
				if (!wroteContact) {
					await insertEventLines(this.client, 'contact_events', b.contact, contactToken);
					wroteContact = true;
				}
				if (!wroteAgent) {
					await insertEventLines(this.client, 'agent_events', b.agent, agentToken);
					wroteAgent = true;
				}
				this.stats.lastWriteMs = performance.now() - t0;
				return;
			} catch (err) {
				if (attempt >= delays.length || this.closed) {
					throw new StorageWriteError(`storage write failed after ${attempt + 1} attempts: ${(err as Error).message}`);
				}
				this.stats.retries++;
				this.opts.log?.(`ingest: insert failed (attempt ${attempt + 1}), retrying in ${delays[attempt]} ms: ${(err as Error).message}`);
				await new Promise((r) => setTimeout(r, delays[attempt]));
			}
		}
	}

	/**
	 * Resolves once every row enqueued before this call is written (batches are inserted in order, so
	 * that is when the newest of them is), without forcing a seal: group commit is undisturbed under
	 * load. True when none of those inserts failed.
	 */
	barrier(): Promise<boolean> {
		const failuresBefore = this.stats.failures;
		const last = this.current ?? this.sealed.at(-1) ?? this.inFlight;
		if (!last) return Promise.resolve(true);
		return last.done.then(
			() => this.stats.failures === failuresBefore,
			() => false
		);
	}

	/** Writes whatever is pending; resolves when all sealed batches are done. */
	async flush(): Promise<void> {
		this.seal();
		while (this.writing || this.sealed.length > 0) await new Promise((r) => setTimeout(r, 5));
	}

	async close(): Promise<void> {
		await this.flush();
		this.closed = true;
	}
}
