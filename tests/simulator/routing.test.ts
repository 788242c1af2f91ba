import { describe, expect, it } from 'vitest';
import { canTake, createRouting, pickAgent, type RoutingWorld } from '../../src/lib/server/simulator/routing';
import { offlineAgent, WaitingLine, type Agent, type ChannelState, type Contact } from '../../src/lib/server/simulator/world';

/** An agent on the floor, free, unless `o` says otherwise. */
function agent(id: string, o: Partial<Agent> = {}): Agent {
	return { ...offlineAgent({ id, name: id, team: 't1', teamName: 'team', ch: 0, maxConc: 1, idleSinceMs: 0 }), status: 'available', loggedIn: true, ...o };
}

function contact(id: string, status: Contact['status'] = 'waiting'): Contact {
	return { id, ch: 0, q: 0, customer: 'c', arrivedMs: 0, status, epoch: 0, agent: null, round: 1, outcome: 'fcr', transferPending: false, remainingMs: 60_000, firstWaitMs: null, repeatOf: null };
}

describe('routing: who may take a contact and who gets it', () => {
	it('lets an agent take one more only when logged in, staying, not going on break and with a slot free', () => {
		expect(canTake(agent('a'))).toBe(true);
		expect(canTake(agent('a', { maxConc: 3, load: 2 }))).toBe(true);
		expect(canTake(agent('a', { maxConc: 3, load: 3 }))).toBe(false);
		expect(canTake(agent('a', { loggedIn: false }))).toBe(false);
		expect(canTake(agent('a', { leaving: true }))).toBe(false);
		expect(canTake(agent('a', { wantsBreak: true }))).toBe(false);
		expect(canTake(agent('a', { onBreak: true }))).toBe(false);
	});

	it('picks the lowest share of slots in use, then the longest idle', () => {
		// hand: a 1/2 = 0.5, b 1/3 = 0.33, c 0/1 = 0 but on break → b
		const a = agent('a', { maxConc: 2, load: 1 });
		const b = agent('b', { maxConc: 3, load: 1 });
		const c = agent('c', { onBreak: true });
		expect(pickAgent([a, b, c])).toBe(b);
		// equal shares (0): the one idle since 50 before the one idle since 100, whatever the pool order
		const d = agent('d', { idleSinceMs: 100 });
		const e = agent('e', { idleSinceMs: 50 });
		expect(pickAgent([d, e])).toBe(e);
		expect(pickAgent([e, d])).toBe(e);
		expect(pickAgent([c, agent('f', { load: 1 })])).toBeNull();
	});
});

describe('routing: dispatch', () => {
	function channel(pool: Agent[]): ChannelState {
		return { idx: 0, id: 'phone', arch: 'phone', p: undefined as never, realtime: true, pool, line: new WaitingLine<Contact>(), arrivalsSinceStep: 0, seenRate: 0, smoothedRate: 0, target: 0, spellUntilMs: 0 };
	}

	it('hands waiting contacts to free agents in line order until the agents run out', () => {
		const a = agent('a', { idleSinceMs: 10 });
		const b = agent('b', { idleSinceMs: 5 });
		const ch = channel([a, b]);
		const w: RoutingWorld = { now: 1_000, stopped: false, outageCh: null, plan: { outage: null } };
		const given: string[] = [];
		const r = createRouting(w, (_ch, c, ag) => given.push(`${c.id}→${ag.id}`));
		for (const id of ['c1', 'c2', 'c3']) r.enqueue(ch, contact(id), false);
		r.dispatch(ch);
		// b has been idle longest, then a; c3 waits
		expect(given).toEqual(['c1→b', 'c2→a']);
		expect(ch.line.count).toBe(1);
		expect([a.load, b.load, a.idleSinceMs, b.idleSinceMs]).toEqual([1, 1, 1_000, 1_000]);
		expect(ch.pool.map((x) => x.load)).toEqual([1, 1]);
	});

	it('answers nothing on the failing channel during an outage, and nothing once stopped', () => {
		const ch = channel([agent('a')]);
		const w: RoutingWorld = { now: 1_500, stopped: false, outageCh: ch, plan: { outage: { channel: 'phone', fromMs: 1_000, toMs: 2_000 } } };
		const given: string[] = [];
		const r = createRouting(w, (_ch, c) => given.push(c.id));
		r.enqueue(ch, contact('c1'), false);
		r.dispatch(ch);
		expect(given).toEqual([]);
		w.now = 2_000; // the window is [from, to)
		w.stopped = true;
		r.dispatch(ch);
		expect(given).toEqual([]);
		w.stopped = false;
		r.dispatch(ch);
		expect(given).toEqual(['c1']);
	});
});

describe('the waiting line', () => {
	it('serves transfers first, then arrivals in order, skipping contacts that stopped waiting', () => {
		const line = new WaitingLine<Contact>();
		const [c1, c2, c3, t1] = [contact('c1'), contact('c2'), contact('c3'), contact('t1')];
		line.add(c1, false);
		line.add(c2, false);
		line.add(c3, false);
		line.add(t1, true);
		expect(line.count).toBe(4);
		// c2 hangs up: marked done, counted out, left in the array (lazy deletion)
		c2.status = 'done';
		line.left();
		expect(line.count).toBe(3);
		const order: string[] = [];
		for (let c = line.take(); c; c = line.take()) order.push(c.id);
		expect(order).toEqual(['t1', 'c1', 'c3']);
		expect(line.count).toBe(0);
		expect(line.take()).toBeNull();
	});

	it('keeps the order across the compaction of a long line', () => {
		// compaction happens once more than 4096 entries were consumed and they are over half the array
		const line = new WaitingLine<Contact>();
		for (let i = 0; i < 5000; i++) line.add(contact(`c${i}`), false);
		for (let i = 0; i < 4097; i++) expect(line.take()!.id).toBe(`c${i}`);
		line.add(contact('late'), false);
		const rest: string[] = [];
		for (let c = line.take(); c; c = line.take()) rest.push(c.id);
		expect(rest).toEqual([...Array.from({ length: 903 }, (_, i) => `c${4097 + i}`), 'late']);
	});
});
