import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import { ClosedMarkers, GENERATION_MARKERS, hash64 } from '../../src/lib/server/live/closedMarkers';
import { CLOSED_MARKER_GENERATIONS, LiveState, MIN_CLOSED_MARKERS } from '../../src/lib/server/live/liveState';
import { eventMaker } from '../helpers/events';

// Closed-contact markers (decision 0126): a late event of a closed contact does not reopen it, a reopen
// corrects today's FCR, and the markers are bounded by generations of hashed ids in typed arrays.

describe('ClosedMarkers', () => {
	it('remembers, forgets on delete and remembers again on a second close', () => {
		const m = new ClosedMarkers(3);
		m.set('c1', 1000);
		m.set('c2', 2000);
		expect(m.get('c1')).toBe(1000);
		expect(m.get('c2')).toBe(2000);
		expect(m.get('c3')).toBeUndefined();
		m.delete('c1');
		expect(m.get('c1')).toBeUndefined();
		m.set('c1', 3000);
		expect(m.get('c1')).toBe(3000);
		expect(m.size).toBe(2);
	});

	it('keeps at least (generations − 1) × GENERATION_MARKERS of the newest closes and never more than generations tables', () => {
		const gens = 3;
		const m = new ClosedMarkers(gens);
		const n = 5 * GENERATION_MARKERS + 123; // past the cap several times over
		for (let i = 0; i < n; i++) m.set(`c${i}`, i);
		const kept = (gens - 1) * GENERATION_MARKERS;
		for (let i = n - kept; i < n; i++) if (m.get(`c${i}`) !== i) throw new Error(`c${i} forgotten although among the ${kept} newest`);
		// the oldest closes are gone: whole generations were dropped
		expect(m.get('c0')).toBeUndefined();
		expect(m.get(`c${2 * GENERATION_MARKERS}`)).toBeUndefined();
		expect(m.size).toBeGreaterThanOrEqual(kept);
		expect(m.size).toBeLessThanOrEqual(gens * GENERATION_MARKERS);
		// 16 bytes a slot, 2 slots a marker, `gens` tables at most
		expect(m.bytes).toBeLessThanOrEqual(gens * GENERATION_MARKERS * 2 * 16);
	});

	it('a re-close in a newer generation shadows the older marker, and a delete forgets both', () => {
		const m = new ClosedMarkers(4);
		m.set('x', 1);
		for (let i = 0; i < GENERATION_MARKERS; i++) m.set(`f${i}`, 2); // fills the first generation: x stays in it
		m.set('x', 5);
		expect(m.get('x')).toBe(5);
		m.delete('x');
		expect(m.get('x')).toBeUndefined();
	});

	it('prune drops generations whose newest close is before the cutoff, not newer ones', () => {
		const m = new ClosedMarkers(4);
		for (let i = 0; i < GENERATION_MARKERS; i++) m.set(`old${i}`, 1_000 + i);
		m.set('new', 10_000_000);
		m.prune(5_000_000);
		expect(m.get('old0')).toBeUndefined();
		expect(m.get(`old${GENERATION_MARKERS - 1}`)).toBeUndefined();
		expect(m.get('new')).toBe(10_000_000);
		// a generation with one close after the cutoff is kept whole
		m.set('new2', 4_000_000);
		m.prune(5_000_000);
		expect(m.get('new2')).toBe(4_000_000);
	});

	it('dump and load give the same markers; load takes the id/time pairs of older snapshots too', () => {
		const m = new ClosedMarkers(3);
		for (let i = 0; i < 2 * GENERATION_MARKERS + 10; i++) m.set(`c${i}`, 1_764_000_000_000 + i);
		m.delete('c5');
		const copy = new ClosedMarkers(3);
		copy.load(m.dump());
		expect(copy.size).toBe(m.size);
		for (const i of [0, 4, 6, GENERATION_MARKERS, 2 * GENERATION_MARKERS + 9]) expect(copy.get(`c${i}`)).toBe(1_764_000_000_000 + i);
		expect(copy.get('c5')).toBeUndefined();
		const old = new ClosedMarkers(3);
		old.load([
			['a', 10],
			['b', 20]
		]);
		expect([old.get('a'), old.get('b'), old.get('c')]).toEqual([10, 20, undefined]);
	});

	it('hash64: 100 000 ids of the soak and simulator forms give 100 000 different 64-bit hashes', () => {
		// birthday bound (independent computation): n² ÷ 2⁶⁵ ≈ 2.7·10⁻¹⁰ expected collisions for a good 64-bit
		// hash, so any collision here means a broken hash; each half alone must also spread (≈ 1 of
		// 100 000 expected to collide in 32 bits: n² ÷ 2³³ ≈ 1.2)
		const seen = new Set<string>();
		const his = new Set<number>();
		const los = new Set<number>();
		for (let i = 0; i < 50_000; i++) {
			for (const id of [`s${i}`, `sim-2026-11-23-${i.toString(36)}`]) {
				const [hi, lo] = hash64(id);
				seen.add(`${hi}:${lo}`);
				his.add(hi);
				los.add(lo);
			}
		}
		expect(seen.size).toBe(100_000);
		expect(his.size).toBeGreaterThan(100_000 - 20);
		expect(los.size).toBeGreaterThan(100_000 - 20);
	});
});

const NOW = DateTime.fromISO('2026-11-23T12:00:00', { zone: 'Asia/Shanghai' }).toMillis();
const ago = (sec: number) => NOW - sec * 1000;
const ev = eventMaker(NOW, 'k', { channel: 'chat', queue: 'presale' });
const chat = (live: LiveState) => live.snapshot(NOW).channels.find((c) => c.channel === 'chat')!;

describe('LiveState closed-contact markers', () => {
	const closedC1 = () => {
		const live = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
		for (const e of [
			ev('contact.arrived', { contact_id: 'c1', ts: ago(300) }),
			ev('contact.answered', { contact_id: 'c1', agent_id: 'a1', ts: ago(290) }),
			ev('contact.resolved', { contact_id: 'c1', agent_id: 'a1', ts: ago(200) })
		])
			live.apply(e, NOW);
		return live;
	};
	const late = [
		ev('contact.customer_replied', { contact_id: 'c1', ts: ago(250) }),
		ev('contact.queued', { contact_id: 'c1', ts: ago(260) }),
		ev('contact.answered', { contact_id: 'c1', agent_id: 'a2', ts: ago(280) })
	];

	it('late events of a resolved contact do not reopen it, also after a snapshot round trip', () => {
		const live = closedC1();
		for (const e of late) live.apply(e, NOW);
		expect(live.contacts.has('c1')).toBe(false);
		expect(chat(live).waiting).toBe(0);
		const restored = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
		restored.importState(JSON.parse(JSON.stringify(closedC1().exportState())), NOW);
		for (const e of late) restored.apply(e, NOW);
		expect(restored.contacts.has('c1')).toBe(false);
		// the late answer counted nothing: answered stays 1 (c1's first answer)
		expect(chat(restored).today.answered).toBe(1);
	});

	it('a snapshot written before the hashed markers (closed as id/time pairs) still keeps a closed contact closed', () => {
		const dump = closedC1().exportState();
		const { closedMarkers, ...rest } = dump;
		expect(closedMarkers).toBeTypeOf('string');
		const live = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
		live.importState({ ...rest, closed: [['c1', ago(200)]] }, NOW);
		for (const e of late) live.apply(e, NOW);
		expect(live.contacts.has('c1')).toBe(false);
	});

	it('a reopen after the resolve lowers today FCR (the close time comes from the marker)', () => {
		const live = closedC1();
		expect(chat(live).today.fcrPct).toBe(100); // 1 resolution, not reopened
		live.apply(ev('contact.reopened', { contact_id: 'c1', ts: ago(100) }), NOW);
		// (1 resolved − 1 reopened) ÷ 1 = 0 %; the contact waits again
		expect(chat(live).today.fcrPct).toBe(0);
		expect(live.contacts.get('c1')?.status).toBe('waiting');
	});

	it('remembers at least MIN_CLOSED_MARKERS closes, past the cap the oldest are taken as new contacts', () => {
		expect(MIN_CLOSED_MARKERS).toBe((CLOSED_MARKER_GENERATIONS - 1) * GENERATION_MARKERS);
		const live = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
		const n = MIN_CLOSED_MARKERS + 2 * GENERATION_MARKERS;
		for (let i = 0; i < n; i++) {
			live.apply(ev('contact.arrived', { contact_id: `c${i}`, ts: ago(3000) }), NOW);
			live.apply(ev('contact.abandoned', { contact_id: `c${i}`, ts: ago(2990) }), NOW);
		}
		// a late queued event of the newest closed contact: still closed
		live.apply(ev('contact.queued', { contact_id: `c${n - MIN_CLOSED_MARKERS}`, ts: ago(2995) }), NOW);
		expect(live.contacts.has(`c${n - MIN_CLOSED_MARKERS}`)).toBe(false);
		// c0's marker is gone (two generations past the cap): the same late event opens it as a new contact
		live.apply(ev('contact.queued', { contact_id: 'c0', ts: ago(2995) }), NOW);
		expect(live.contacts.has('c0')).toBe(true);
	});
});
