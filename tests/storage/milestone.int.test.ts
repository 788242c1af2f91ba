import { describe, expect, it } from 'vitest';
import { validateEvent, type ContactEvent } from '../../src/lib/server/ingest/contract';
import { replayContactEvents } from '../../src/lib/server/queries/live/replayContactEvents';
import { useMigratedEngine } from '../helpers/migratedEngine';

// issue 17: a contact.milestone event is stored with its milestone (migration 0020) and comes back
// from the start-up replay, so a restart keeps "the plan was sent" and the 24 h clock stays stopped.
describe('contact.milestone storage round trip', () => {
	const engine = useMigratedEngine();

	it('stores the milestone column and replays it', async () => {
		const now = Date.now();
		const ctx = { channels: new Set(['ticket']), queues: new Set(['complaint']), nowMs: now, maxLatenessSec: 86400, maxFutureSkewSec: 300 };
		const raw = [
			{ event_id: 'r1', ts: now - 60_000, type: 'contact.arrived', contact_id: 'tk9', channel: 'ticket', queue: 'complaint' },
			{ event_id: 'r2', ts: now - 30_000, type: 'contact.milestone', contact_id: 'tk9', channel: 'ticket', queue: 'complaint', milestone: 'plan' }
		];
		// the same row shape the ingester writes (src/lib/server/ingest/service.ts)
		const rows = raw.map((r) => {
			const e = validateEvent(r, ctx) as ContactEvent;
			return { event_id: e.eventId, ts: e.tsMs, received_at: now, type: e.type, contact_id: e.contactId, channel: e.channel, queue: e.queue, source: 'test', attrs: e.attrs, milestone: e.milestone ?? '' };
		});
		await engine.client.insert({ table: 'contact_events', format: 'JSONEachRow', values: rows });
		const replayed: ContactEvent[] = [];
		await replayContactEvents(engine.client, { fromMs: now - 3_600_000, replayFromMs: now - 3_600_000 }, (e) => replayed.push(e));
		expect(replayed.map((e) => [e.type, e.milestone ?? null])).toEqual([
			['contact.arrived', null],
			['contact.milestone', 'plan']
		]);
	});
});
