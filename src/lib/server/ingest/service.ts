import type { AppConfig } from '../config/config';
import type { LiveState } from '../live/liveState';
import { validateEvent, type IngestEvent, type ValidationContext } from './contract';
import { SeenIds } from './dedup';
import type { ParsedItem } from './parse';
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

export interface IngestServiceDeps {
	config: AppConfig;
	writer: BatchWriter;
	live: LiveState;
	seen: SeenIds;
	now: () => number;
	/** called after events are applied to the live state (the board pushes on it) */
	onApplied?: () => void;
}

/**
 * The one ingest path. HTTP, WebSocket and the built-in simulator all call `submit`:
 * validate → dedup by event_id → derive wait/handle from live state → write (batched, durable) →
 * apply to live state → answer. Rejections name the event's index, id, field and rule; the valid
 * events next to a bad one are stored.
 */
export class IngestService {
	private inflight = new Map<string, Promise<void>>();
	private ctxBase: Omit<ValidationContext, 'nowMs'>;
	private totals = { accepted: 0, duplicates: 0, rejected: 0 };

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
		return { ...this.totals, pendingRows: this.deps.writer.pendingRows, knownIds: this.deps.seen.size, writer: this.deps.writer.stats };
	}

	async submit(items: ParsedItem[], source: string): Promise<IngestResult> {
		const { writer, live, seen, config } = this.deps;
		if (writer.pendingRows + items.length > config.ingest.maxPendingEvents) {
			throw new OverloadedError(Math.max(1, Math.ceil(writer.pendingRows / 50_000)));
		}
		const nowMs = this.deps.now();
		const ctx: ValidationContext = { ...this.ctxBase, nowMs };
		const rejected: Rejection[] = [];
		const fresh: IngestEvent[] = [];
		const waitFor: Promise<void>[] = [];
		const inRequest = new Set<string>();
		let duplicates = 0;
		items.forEach((item, index) => {
			if (!item.ok) {
				rejected.push({ index, event_id: null, field: '', message: item.message });
				return;
			}
			const r = validateEvent(item.value, ctx);
			if (Array.isArray(r)) {
				const id = (item.value as { event_id?: unknown } | null)?.event_id;
				for (const p of r) {
					rejected.push({ index, event_id: typeof id === 'string' ? id : null, field: p.field, message: p.message });
				}
				return;
			}
			if (inRequest.has(r.eventId) || seen.has(r.eventId)) {
				duplicates++;
				const pending = this.inflight.get(r.eventId);
				if (pending) waitFor.push(pending.catch(() => undefined));
				return;
			}
			inRequest.add(r.eventId);
			fresh.push(r);
		});

		if (fresh.length > 0) {
			// Apply in time order so derived waits and the live state see arrivals before answers.
			fresh.sort((a, b) => a.tsMs - b.tsMs);
			const receivedAt = nowMs;
			const contactRows: Row[] = [];
			const agentRows: Row[] = [];
			const contactIds: string[] = [];
			const agentIds: string[] = [];
			for (const e of fresh) {
				const d = live.derive(e);
				live.apply(e, nowMs);
				seen.add(e.eventId, e.tsMs);
				if (e.kind === 'contact') {
					contactIds.push(e.eventId);
					contactRows.push({
						event_id: e.eventId,
						ts: e.tsMs,
						received_at: receivedAt,
						type: e.type,
						contact_id: e.contactId,
						channel: e.channel,
						queue: e.queue,
						agent_id: e.agentId,
						team_id: e.teamId,
						priority: e.priority,
						customer_id: e.customerId,
						to_queue: e.toQueue,
						to_agent_id: e.toAgentId,
						csat: e.csat,
						nps: e.nps,
						category: d.category || e.category || '',
						tier: d.tier || e.tier || '',
						wait_ms: d.waitMs,
						handle_ms: d.handleMs,
						source,
						attrs: e.attrs
					});
				} else {
					agentIds.push(e.eventId);
					agentRows.push({
						event_id: e.eventId,
						ts: e.tsMs,
						received_at: receivedAt,
						agent_id: e.agentId,
						team_id: e.teamId,
						state: e.state,
						channels: e.channels,
						max_concurrency: e.maxConcurrency,
						source,
						attrs: e.attrs
					});
				}
			}
			this.deps.onApplied?.();
			const written = writer.write(contactRows, agentRows, [...contactIds, ...agentIds]);
			for (const e of fresh) this.inflight.set(e.eventId, written);
			try {
				await written;
			} catch (err) {
				// Not stored: forget the ids so that the sender's retry is taken, and let the caller answer 503.
				for (const e of fresh) seen.delete(e.eventId);
				throw err instanceof StorageWriteError ? err : new StorageWriteError((err as Error).message);
			} finally {
				for (const e of fresh) if (this.inflight.get(e.eventId) === written) this.inflight.delete(e.eventId);
			}
		}
		// A duplicate of an event still being written is acknowledged only once that write is durable.
		if (waitFor.length > 0) await Promise.all(waitFor);
		this.totals.accepted += fresh.length;
		this.totals.duplicates += duplicates;
		this.totals.rejected += new Set(rejected.map((r) => r.index)).size;
		return { accepted: fresh.length, duplicates, rejected };
	}
}
