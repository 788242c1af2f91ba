/**
 * After a crash the demo closes what its earlier run left open (issue 18: never abandon an e-mail or
 * ticket). Expected events worked out from the rule in leftovers.ts for each kind of open contact.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import { closingEvents } from '../../src/lib/server/simulator/leftovers';

const NOW = Date.parse('2026-11-11T02:00:00Z');

describe('closing what an earlier simulator run left open', () => {
	it('abandons waiting chats and calls, resolves what was in hand, answers and resolves mail and tickets, ignores others', () => {
		const open = [
			{ contactId: 'simabc-1', channel: 'chat', queue: 'presale', answeredMs: null },
			{ contactId: 'simabc-2', channel: 'phone', queue: 'aftersale', answeredMs: NOW - 5_000 },
			{ contactId: 'simabc-3', channel: 'email', queue: 'aftersale', answeredMs: null },
			{ contactId: 'simabc-4', channel: 'ticket', queue: 'complaint', answeredMs: null },
			{ contactId: 'crm-5', channel: 'chat', queue: 'presale', answeredMs: null } // not the simulator's
		];
		const events = closingEvents(open, DEFAULT_CHANNELS, 'simabc-', NOW);
		expect(events.map((e) => [e.contact_id, e.type])).toEqual([
			['simabc-1', 'contact.abandoned'],
			['simabc-2', 'contact.resolved'],
			['simabc-3', 'contact.answered'],
			['simabc-3', 'contact.resolved'],
			['simabc-4', 'contact.answered'],
			['simabc-4', 'contact.resolved']
		]);
		// no e-mail or ticket is ever abandoned, and the closing is marked for reports
		expect(events.filter((e) => e.type === 'contact.abandoned' && ['email', 'ticket'].includes(String(e.channel)))).toEqual([]);
		expect(events.filter((e) => e.channel === 'email').every((e) => (e.attrs as { closed_by: string }).closed_by === 'simulator_restart')).toBe(true);
		// ids are unique (each is a new event to the ingester's dedup)
		expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
	});
});
