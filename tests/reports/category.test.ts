import { describe, expect, it } from 'vitest';
import { validateEvent, type ContactEvent, type Problem } from '../../src/lib/server/ingest/contract';
import { LiveState } from '../../src/lib/server/live/liveState';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';

const NOW = Date.parse('2026-11-23T04:00:00Z');
const ctx = {
	channels: new Set(['chat', 'phone', 'email', 'ticket']),
	queues: new Set(['presale', 'complaint']),
	nowMs: NOW,
	maxLatenessSec: 86400,
	maxFutureSkewSec: 300,
	categories: new Set(['consult', 'complaint'])
};
const base = { ts: NOW - 1000, contact_id: 'c1', channel: 'chat', queue: 'presale' };

describe('optional category and tier on contact events (additive to v1)', () => {
	it('are optional, and kept when sent', () => {
		expect(validateEvent({ ...base, event_id: 'e1', type: 'contact.arrived' }, ctx)).toMatchObject({ category: '', tier: '', attrs: '' });
		expect(validateEvent({ ...base, event_id: 'e2', type: 'contact.arrived', category: 'complaint', tier: 'vip' }, ctx)).toMatchObject({
			category: 'complaint',
			tier: 'vip',
			attrs: ''
		});
	});

	it('an unconfigured category names the field and the allowed list', () => {
		const p = validateEvent({ ...base, event_id: 'e3', type: 'contact.arrived', category: 'gossip' }, ctx) as Problem[];
		expect(p).toEqual([{ field: 'category', message: '"gossip" is not a configured category; allowed: consult, complaint' }]);
		const q = validateEvent({ ...base, event_id: 'e4', type: 'contact.arrived', tier: 'v i p' }, ctx) as Problem[];
		expect(q[0].field).toBe('tier');
	});

	it('the ingester carries a contact\'s category and tier onto its later events', () => {
		const live = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
		const arrived = validateEvent({ ...base, event_id: 'e5', type: 'contact.arrived', category: 'complaint', tier: 'vip' }, ctx) as ContactEvent;
		live.apply(arrived, NOW);
		const answered = validateEvent({ ...base, ts: NOW - 500, event_id: 'e6', type: 'contact.answered', agent_id: 'a1' }, ctx) as ContactEvent;
		// wait = 1000 − 500 ms (the two timestamps above)
		expect(live.derive(answered)).toEqual({ waitMs: 500, handleMs: null, category: 'complaint', tier: 'vip' });
	});
});
