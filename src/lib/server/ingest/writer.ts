import type { ClickHouseClient } from '@clickhouse/client';
import { contentInsertToken } from '../queries/dedupToken';
import { insertEventLines } from '../queries/ingest/insertEventLines';
import { openInsertLane } from '../queries/run';

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
	/**
	 * Inserts in flight at once (default 1). Above 1 the writer inserts a full batch while the one
	 * before is still in the engine, through more connections (`openLane`); callers are still answered
	 * in the order their batches were sealed.
	 */
	maxInFlight?: number;
	/** opens one more connection for inserts (`queries/run.ts` openInsertLane); needed when maxInFlight > 1 */
	openLane?: () => Promise<{ client: ClickHouseClient; close(): Promise<void> }>;
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
	/** set when its insert finished; the batch is settled (callers answered) in seal order */
	outcome?: { error: Error | null };
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
	/** batches taken off `sealed` and not settled yet, in seal order (their inserts may finish out of order) */
	private started: Batch[] = [];
	/** connections free for an insert; the first is the one the writer was given */
	private freeLanes: ClickHouseClient[];
	private lanes = 1;
	private extraLanes: { close(): Promise<void> }[] = [];
	private opening = false;
	private sealWhenFree = false;
	private closed = false;
	/** rows enqueued and not yet written */
	pendingRows = 0;
	/** statistics for health and benchmarks */
	stats = { batches: 0, rows: 0, retries: 0, failures: 0, lastWriteMs: 0, maxInFlight: 0 };

	constructor(
		client: ClickHouseClient,
		private opts: WriterOptions
	) {
		this.freeLanes = [client];
		// EXPERIMENT (issue 24): lanes from the environment until measured
		this.opts = { maxInFlight: Number(process.env.CSOPS_INGEST_LANES ?? 1), openLane: () => openInsertLane(client), ...opts };
	}

	/** inserts running now */
	private get running(): number {
		return this.started.length - this.started.filter((b) => b.outcome).length;
	}

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
	 * Group commit: when the delay is up and an insert is still running, the batch keeps growing and
	 * is sealed the moment no insert runs. Under load this makes batches large (fewer, cheaper
	 * inserts); when idle an event waits at most maxBatchDelayMs. A batch that fills up
	 * (maxBatchRows) is sealed at once and inserted on a free lane, if there is one.
	 */
	private onTimer(): void {
		this.timer = null;
		if (this.running > 0 || this.sealed.length > 0) this.sealWhenFree = true;
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
		this.pump();
	}

	/** Starts sealed batches on free lanes (opening one more lane when allowed and needed). */
	private pump(): void {
		if (this.sealed.length === 0 && this.sealWhenFree && this.current && this.running === 0) {
			this.sealWhenFree = false;
			this.sealed.push(this.current);
			this.current = null;
			if (this.timer) {
				clearTimeout(this.timer);
				this.timer = null;
			}
		}
		while (this.sealed.length > 0 && this.freeLanes.length > 0) {
			const b = this.sealed.shift()!;
			const lane = this.freeLanes.pop()!;
			this.started.push(b);
			this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.running);
			void this.run(b, lane);
		}
		if (this.sealed.length > 0 && !this.opening && this.lanes < (this.opts.maxInFlight ?? 1) && this.opts.openLane && !this.closed) {
			this.opening = true;
			this.opts.openLane().then(
				(l) => {
					this.opening = false;
					this.lanes++;
					this.extraLanes.push(l);
					this.freeLanes.push(l.client);
					this.pump();
				},
				(err: Error) => {
					// not fatal: the writer goes on with the lanes it has
					this.opening = false;
					this.opts.maxInFlight = this.lanes;
					this.opts.log?.(`ingest: could not open another insert connection (${err.message}); writing one batch at a time`);
				}
			);
		}
	}

	private async run(b: Batch, lane: ClickHouseClient): Promise<void> {
		let error: Error | null = null;
		try {
			await this.writeBatch(b, lane);
		} catch (err) {
			error = err as Error;
		}
		b.outcome = { error };
		this.freeLanes.push(lane);
		// answer in seal order: a batch that finished before an earlier one waits for it (so an ack
		// means every batch sealed before is settled too, which barrier() relies on); each batch is
		// answered with its own outcome — a failed earlier batch does not fail a later one's callers
		while (this.started.length > 0 && this.started[0].outcome) {
			const s = this.started.shift()!;
			if (s.outcome!.error) {
				this.stats.failures++;
				s.reject(s.outcome!.error);
			} else {
				this.stats.batches++;
				this.stats.rows += s.contact.length + s.agent.length;
				s.resolve();
			}
			this.pendingRows -= s.contact.length + s.agent.length;
		}
		this.pump();
	}

	private async writeBatch(b: Batch, client: ClickHouseClient): Promise<void> {
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
					await insertEventLines(client, 'contact_events', b.contact, contactToken);
					wroteContact = true;
				}
				if (!wroteAgent) {
					await insertEventLines(client, 'agent_events', b.agent, agentToken);
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
		const last = this.current ?? this.sealed.at(-1) ?? this.started.at(-1);
		if (!last) return Promise.resolve(true);
		return last.done.then(
			() => this.stats.failures === failuresBefore,
			() => false
		);
	}

	/** Writes whatever is pending; resolves when all sealed batches are done. */
	async flush(): Promise<void> {
		this.seal();
		while (this.started.length > 0 || this.sealed.length > 0) await new Promise((r) => setTimeout(r, 5));
	}

	/** Writes whatever is pending, then closes the extra insert connections. */
	async close(): Promise<void> {
		await this.flush();
		this.closed = true;
		while (this.opening) await new Promise((r) => setTimeout(r, 5));
		await Promise.allSettled(this.extraLanes.map((l) => l.close()));
		this.extraLanes = [];
	}
}
