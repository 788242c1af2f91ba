import type { ClickHouseClient } from '@clickhouse/client';
import type { AppConfig } from '../config/config';
import { validateEvent, type IngestEvent, type ValidationContext } from '../ingest/contract';
import { SeenIds } from '../ingest/dedup';
import type { ParsedItem } from '../ingest/parse';
import type { Rejection } from '../ingest/service';
import { agentEventRow, contactEventRow } from '../queries/ingest/eventRows';
import { storedEventKeys } from '../queries/ingest/storedEventKeys';
import { freshInsertToken } from '../queries/dedupToken';
import { insertEvents } from '../queries/ingest/insertEvents';
import { invalidateOutcomeDays } from '../queries/reports/invalidateOutcomeDays';

/**
 * Old raw v1 events (POST /api/v1/history/events): the ingest contract's own validation
 * (`validateEvent`, with no lateness limit) and the same dedup by source + event_id — against the
 * keys the live ingester remembers and against the stored tables (the live ingester's own storage
 * lookup, `storedEventKeys`), since old events are outside its window.
 * Stored in contact_events / agent_events on the heavy connection, so the per-minute aggregate
 * (materialized view) counts them; the live state, the board and the alerts never see them.
 * All-or-nothing: one invalid event refuses the request.
 */
export interface OldEventsResult {
	accepted: number;
	duplicates: number;
	rejected: Rejection[];
}

export async function importOldEvents(
	deps: { client: ClickHouseClient; config: AppConfig; seen: SeenIds; nowMs: number; now?: () => number },
	items: ParsedItem[],
	source: string
): Promise<OldEventsResult> {
	const { config } = deps;
	const ctx: ValidationContext = {
		channels: new Set(config.channels.map((c) => c.id)),
		queues: new Set(config.queues.map((q) => q.id)),
		nowMs: deps.nowMs,
		maxLatenessSec: Number.MAX_SAFE_INTEGER,
		maxFutureSkewSec: config.ingest.maxFutureSkewSec
	};
	const rejected: Rejection[] = [];
	const valid: IngestEvent[] = [];
	items.forEach((item, index) => {
		if (!item.ok) {
			rejected.push({ index, event_id: null, field: '', message: item.message });
			return;
		}
		const r = validateEvent(item.value, ctx);
		if (Array.isArray(r)) {
			const id = (item.value as { event_id?: unknown } | null)?.event_id;
			for (const p of r) rejected.push({ index, event_id: typeof id === 'string' ? id : null, field: p.field, message: p.message });
			return;
		}
		valid.push(r);
	});
	if (rejected.length > 0) return { accepted: 0, duplicates: 0, rejected };

	// dedup: inside the request, against the live ingester's window, against storage
	const fresh: IngestEvent[] = [];
	const inRequest = new Set<string>();
	let duplicates = 0;
	const candidates = valid.filter((e) => {
		const key = SeenIds.key(source, e.eventId);
		if (inRequest.has(key) || deps.seen.has(key)) {
			duplicates++;
			return false;
		}
		inRequest.add(key);
		return true;
	});
	if (candidates.length > 0) {
		const stored = await storedEventKeys(deps.client, source, candidates);
		for (const e of candidates) {
			if (stored.has(SeenIds.key(source, e.eventId))) duplicates++;
			else fresh.push(e);
		}
	}
	if (fresh.length === 0) return { accepted: 0, duplicates, rejected };

	// Waits and handle times from the contact's events in this request (NULL where they are not in it).
	fresh.sort((a, b) => a.tsMs - b.tsMs);
	const arrived = new Map<string, number>();
	const answered = new Map<string, number>();
	const receivedAt = deps.nowMs;
	const contactRows: Record<string, unknown>[] = [];
	const agentRows: Record<string, unknown>[] = [];
	for (const e of fresh) {
		if (e.kind === 'contact') {
			let waitMs: number | null = null;
			let handleMs: number | null = null;
			if (e.type === 'contact.arrived') arrived.set(e.contactId, e.tsMs);
			if (e.type === 'contact.answered' || e.type === 'contact.abandoned') {
				const a = arrived.get(e.contactId);
				if (a !== undefined) waitMs = e.tsMs - a;
				if (e.type === 'contact.answered' && !answered.has(e.contactId)) answered.set(e.contactId, e.tsMs);
			}
			if (e.type === 'contact.resolved') {
				const a = answered.get(e.contactId);
				if (a !== undefined) handleMs = e.tsMs - a;
			}
			contactRows.push(contactEventRow(e, { receivedAt, source, waitMs, handleMs }));
		} else {
			agentRows.push(agentEventRow(e, { receivedAt, source }));
		}
	}
	for (let i = 0; i < contactRows.length; i += 20_000) {
		await insertEvents(deps.client, 'contact_events', contactRows.slice(i, i + 20_000), freshInsertToken('history-events'));
	}
	// settled FCR / 投诉二次率 days these events can change are settled again (decision 0085); the time of
	// the invalidation is taken after the insert, so a settlement that began reading before it loses
	const contactTs = fresh.filter((e) => e.kind === 'contact').map((e) => e.tsMs);
	if (contactTs.length > 0) {
		await invalidateOutcomeDays(deps.client, { minTsMs: contactTs[0], maxTsMs: contactTs[contactTs.length - 1], atMs: deps.now?.() ?? deps.nowMs });
	}
	for (let i = 0; i < agentRows.length; i += 20_000) {
		await insertEvents(deps.client, 'agent_events', agentRows.slice(i, i + 20_000), freshInsertToken('history-agent-events'));
	}
	return { accepted: fresh.length, duplicates, rejected };
}
