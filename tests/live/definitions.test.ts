import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import type { IngestEvent } from '../../src/lib/server/ingest/contract';
import { eventMaker } from '../helpers/events';
import { LiveState } from '../../src/lib/server/live/liveState';
import { fmtDuration } from '../../src/lib/wallboard/format';

// Issue 18: the board's definitions (docs/metrics.md, "The wall-board's figures"), each checked on a
// small scripted day whose expected figures are computed by hand in the comments.
// Chat defaults (src/lib/server/config/defaults.ts): SL 80/30 (T = 30 s), abandon grace 5 s,
// 即时响应率 threshold 60 s, slFormula answered ÷ (answered + abandoned after T [+ waiting past T]).
const NOW = DateTime.fromISO('2026-11-23T12:00:00', { zone: 'Asia/Shanghai' }).toMillis();
const ago = (sec: number) => NOW - sec * 1000;
const ev = eventMaker(NOW, 'd', { channel: 'chat', queue: 'presale' });
const fresh = (events: IngestEvent[]) => {
	const live = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
	for (const e of events) live.apply(e, NOW);
	return live;
};
const chatOf = (live: LiveState, at = NOW) => live.snapshot(at).channels.find((c) => c.channel === 'chat')!;

/** Ten minutes ago c1..c6 arrived: c1–c3 answered after 10 s, c4–c5 after 90 s, c6 abandoned after 40 s. */
function settled(): IngestEvent[] {
	const out: IngestEvent[] = [];
	for (const id of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) out.push(ev('contact.arrived', { contact_id: id, ts: ago(600) }));
	for (const id of ['c1', 'c2', 'c3']) out.push(ev('contact.answered', { contact_id: id, agent_id: 'a1', team_id: 'T1', ts: ago(590) }));
	for (const id of ['c4', 'c5']) out.push(ev('contact.answered', { contact_id: id, agent_id: 'a1', team_id: 'T1', ts: ago(510) }));
	out.push(ev('contact.abandoned', { contact_id: 'c6', ts: ago(560) }));
	return out;
}
/** Three contacts arriving just now: 2 s, 20 s and 45 s ago, none answered yet. */
const burst = () => [
	ev('contact.arrived', { contact_id: 'n1', ts: ago(2) }),
	ev('contact.arrived', { contact_id: 'n2', ts: ago(20) }),
	ev('contact.arrived', { contact_id: 'n3', ts: ago(45) })
];

describe('outcome-known counting (SL, 即时响应率, abandon rate)', () => {
	it('before the burst: the settled contacts only', () => {
		const chat = chatOf(fresh(settled()));
		// 即时响应率 = first responses within 60 s (c1–c3) ÷ arrivals with a known outcome (6) = 3/6 = 50 %
		expect(chat.today.immediateResponsePct).toBeCloseTo(50, 10);
		// SL = within 30 s (c1–c3) ÷ (answered 5 + abandoned after T 1 (c6 at 40 s)) = 3/6 = 50 %
		expect(chat.today.serviceLevelPct).toBeCloseTo(50, 10);
		// abandon rate = 1 ÷ 6 known = 16.667 %
		expect(chat.today.abandonRatePct).toBeCloseTo(100 / 6, 10);
	});

	it('a contact still waiting inside its threshold is not counted yet; past T it is an SL miss', () => {
		const chat = chatOf(fresh([...settled(), ...burst()]));
		expect(chat.today.offered).toBe(9);
		// 即时响应率: n1 (2 s), n2 (20 s), n3 (45 s) are all inside 60 s → not yet known:
		// 3 ÷ (9 − 3) = 50 %, unchanged by the burst (counting them as misses would give 3/9 = 33.3 %)
		expect(chat.today.immediateResponsePct).toBeCloseTo(50, 10);
		// SL: n3 has waited 45 s > T = 30 s → a miss; n1, n2 inside T → not counted:
		// 3 ÷ (5 + 1 + 1) = 42.857 %
		expect(chat.today.serviceLevelPct).toBeCloseTo(300 / 7, 10);
		// abandon rate: n1, n2 inside T are not known; n3 is: 1 ÷ (9 − 2) = 14.286 %
		expect(chat.today.abandonRatePct).toBeCloseTo(100 / 7, 10);
		// the last 15 minutes hold the same contacts (all arrived 10 min ago or later)
		expect(chat.last15m.serviceLevelPct).toBeCloseTo(300 / 7, 10);
	});

	it('as the burst keeps waiting, its contacts become misses one by one', () => {
		const live = fresh([...settled(), ...burst()]);
		const chat = chatOf(live, NOW + 20_000);
		// at +20 s: n1 22 s, n2 40 s, n3 65 s.
		// 即时响应率: only n1, n2 are inside 60 s → 3 ÷ (9 − 2) = 42.857 %
		expect(chat.today.immediateResponsePct).toBeCloseTo(300 / 7, 10);
		// SL: n2 and n3 are past 30 s → 3 ÷ (5 + 1 + 2) = 37.5 %
		expect(chat.today.serviceLevelPct).toBeCloseTo(37.5, 10);
		// abandon rate: only n1 inside 30 s → 1 ÷ (9 − 1) = 12.5 %
		expect(chat.today.abandonRatePct).toBeCloseTo(12.5, 10);
	});

	it('an answer replaces the miss: n3 answered at 50 s is a late answer, counted once', () => {
		const live = fresh([...settled(), ...burst(), ev('contact.answered', { contact_id: 'n3', agent_id: 'a1', ts: ago(45) + 50_000 })]);
		const chat = chatOf(live, NOW + 10_000);
		// at +10 s: n1 12 s, n2 30 s (not past T: 30 s is within "≤ T"), n3 answered after 50 s.
		// SL = 3 ÷ (answered 6 + abandoned after T 1) = 42.857 %
		expect(chat.today.serviceLevelPct).toBeCloseTo(300 / 7, 10);
		// 即时响应率: n3 answered within 60 s → immediate 4; n1, n2 pending → 4 ÷ (9 − 2) = 57.143 %
		expect(chat.today.immediateResponsePct).toBeCloseTo(400 / 7, 10);
	});
});

describe('agents: centre total, serving per channel, busy whatever the state said', () => {
	const agents = () => [
		// m1 serves chat, phone and e-mail; a1 chat only, on a contact by state; x1 sent no channels
		ev('agent.state', { agent_id: 'm1', team_id: 'T1', state: 'available', channels: ['chat', 'phone', 'email'], max_concurrency: 3, ts: ago(300) }),
		ev('agent.state', { agent_id: 'a1', team_id: 'T1', state: 'on_contact', channels: ['chat'], max_concurrency: 3, ts: ago(300) }),
		ev('agent.state', { agent_id: 'x1', state: 'available', ts: ago(300) }),
		// b1 says "available" but holds two chats of three slots; b2 available and free
		ev('agent.state', { agent_id: 'b1', team_id: 'T2', state: 'available', channels: ['chat'], max_concurrency: 3, ts: ago(300) }),
		ev('agent.state', { agent_id: 'b2', team_id: 'T2', state: 'available', channels: ['chat'], max_concurrency: 3, ts: ago(300) }),
		ev('contact.arrived', { contact_id: 'k1', ts: ago(200) }),
		ev('contact.arrived', { contact_id: 'k2', ts: ago(200) }),
		ev('contact.answered', { contact_id: 'k1', agent_id: 'b1', team_id: 'T2', ts: ago(190) }),
		ev('contact.answered', { contact_id: 'k2', agent_id: 'b1', team_id: 'T2', ts: ago(190) })
	];

	it('a multi-skill agent counts once in the centre and in each channel it serves; no channels = centre only', () => {
		const snap = fresh(agents()).snapshot(NOW);
		const by = (id: string) => snap.channels.find((c) => c.channel === id)!.agents.loggedIn;
		// centre: m1, a1, x1, b1, b2 = 5 agents
		expect(snap.centre.agents.loggedIn).toBe(5);
		// chat: m1, a1, b1, b2 = 4; phone: m1 = 1; e-mail: m1 = 1; ticket: 0 (x1 is on no tile)
		expect([by('chat'), by('phone'), by('email'), by('ticket')]).toEqual([4, 1, 1, 0]);
		// the tiles sum to 6 ≠ 5 agents: the "serving" figure is not headcount
	});

	it('an agent holding chats is on contact and busy by its share of slots', () => {
		const snap = fresh(agents()).snapshot(NOW);
		const chat = snap.channels.find((c) => c.channel === 'chat')!;
		// shown states on chat: m1 available, a1 on contact (state), b1 on contact (holds 2 chats), b2 available
		expect(chat.agents).toEqual({ loggedIn: 4, available: 2, onContact: 2, acw: 0, break: 0 });
		// busy shares: m1 0, a1 1 (on contact by state), b1 2/3 (2 chats ÷ 3 slots), b2 0
		// occupancy = (0 + 1 + 2/3 + 0) ÷ 4 staffed = 41.667 %
		expect(chat.occupancyPct).toBeCloseTo(((1 + 2 / 3) / 4) * 100, 10);
		// phone: m1 only, available and free → 0 %
		expect(snap.channels.find((c) => c.channel === 'phone')!.occupancyPct).toBe(0);
		// centre: the same shares over 5 staffed agents (x1 adds 0) = 33.333 %
		expect(snap.centre.occupancyPct).toBeCloseTo(((1 + 2 / 3) / 5) * 100, 10);
		expect(snap.centre.agents).toEqual({ loggedIn: 5, available: 3, onContact: 2, acw: 0, break: 0 });
	});

	it('the agent list shows held vs slots, today handled and AHT', () => {
		const live = fresh([...agents(), ev('contact.resolved', { contact_id: 'k1', agent_id: 'b1', ts: ago(190) + 95_000 }), ev('contact.resolved', { contact_id: 'k2', agent_id: 'b1', ts: ago(190) + 125_000 })]);
		const b1 = live.agentRows().find((r) => r.agentId === 'b1')!;
		// both chats resolved: held 0 of 3, handled 2, AHT = (95 + 125) ÷ 2 = 110 s; shown available again
		expect(b1).toMatchObject({ state: 'available', held: 0, maxConcurrency: 3, handledToday: 2, ahtTodayMs: 110_000, teamId: 'T2' });
		expect(live.agentRows().map((r) => r.agentId).sort()).toEqual(['a1', 'b1', 'b2', 'm1', 'x1']);
	});
});

describe('FCR, CSAT, p90 and the drill-down', () => {
	it('today FCR = resolutions not reopened ÷ resolutions; queue and team figures add up', () => {
		const events = [
			...settled(),
			ev('contact.resolved', { contact_id: 'c1', ts: ago(400) }),
			ev('contact.resolved', { contact_id: 'c2', ts: ago(400) }),
			ev('contact.reopened', { contact_id: 'c1', ts: ago(300) }),
			ev('contact.rated', { contact_id: 'c2', csat: 4, ts: ago(350) }),
			// an after-sale contact answered by another team within T
			ev('contact.arrived', { contact_id: 'q1', queue: 'aftersale', ts: ago(100) }),
			ev('contact.answered', { contact_id: 'q1', queue: 'aftersale', agent_id: 'z1', team_id: 'T9', ts: ago(95) })
		];
		const live = fresh(events);
		const chat = chatOf(live);
		// resolved 2 (c1, c2), c1 reopened the same day → FCR = (2 − 1) ÷ 2 = 50 %; CSAT = 4 (one rating)
		expect(chat.today.fcrPct).toBeCloseTo(50, 10);
		expect(chat.today.csatAvg).toBe(4);
		// FRT waits: 10, 10, 10, 90, 90, 5 s → p90 = the ⌈0.9 × 6⌉ = 6th smallest = 90 s
		expect(chat.today.p90FirstResponseMs).toBe(90_000);
		const d = live.drill('chat', NOW, ['presale', 'insale', 'aftersale', 'complaint'])!;
		const q = (id: string) => d.queues.find((x) => x.id === id)!;
		// presale: the settled six → SL 3 ÷ 6 = 50 %; aftersale: q1 answered after 5 s → 1 ÷ 1 = 100 %
		expect(q('presale').today.serviceLevelPct).toBeCloseTo(50, 10);
		expect(q('aftersale').today.serviceLevelPct).toBe(100);
		expect(q('insale').today.offered).toBe(0);
		expect(d.queues.map((x) => x.id)).toEqual(['presale', 'insale', 'aftersale', 'complaint']);
		// teams hold their answers: T1 answered c1–c5 (3 within T) → 60 %; T9 answered q1 → 100 %
		const t = (id: string) => d.teams.find((x) => x.id === id)!;
		expect(t('T1').today.answered).toBe(5);
		expect(t('T1').today.serviceLevelPct).toBeCloseTo(60, 10);
		expect(t('T9').today.serviceLevelPct).toBe(100);
	});
});

describe('restart applies events exactly like live', () => {
	it('snapshot + tail gives the same board, drill-down and agent list as all events live', () => {
		const events = [...settled(), ...burst(), ev('agent.state', { agent_id: 'b1', team_id: 'T2', state: 'available', channels: ['chat'], max_concurrency: 3, ts: ago(50) }), ev('contact.answered', { contact_id: 'n1', agent_id: 'b1', team_id: 'T2', ts: ago(1) }), ev('contact.resolved', { contact_id: 'c1', ts: ago(400) }), ev('contact.reopened', { contact_id: 'c1', ts: ago(300) })];
		const whole = fresh(events);
		for (let cut = 0; cut <= events.length; cut += 3) {
			const head = fresh(events.slice(0, cut));
			const restored = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
			restored.importState(JSON.parse(JSON.stringify(head.exportState())), NOW);
			for (const e of events.slice(cut)) restored.apply(e, NOW);
			expect(restored.snapshot(NOW)).toEqual(whole.snapshot(NOW));
			expect(restored.drill('chat', NOW)).toEqual(whole.drill('chat', NOW));
			expect(restored.agentRows()).toEqual(whole.agentRows());
		}
	});
});

describe('durations are rounded, not truncated', () => {
	it.each([
		[53_900, '0:54'], // 53.9 s rounds up (truncation showed 0:53)
		[53_400, '0:53'], // 53.4 s rounds down
		[59_500, '1:00'], // 59.5 s → 60 s = 1:00
		[3_599_600, '1:00:00'], // 3 599.6 s → 3 600 s = 1 h
		[null, '—']
	])('%s ms → %s', (ms, want) => expect(fmtDuration(ms)).toBe(want));
});
