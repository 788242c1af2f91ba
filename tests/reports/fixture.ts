/**
 * The hand-computed report fixture (tests/reports/kpis.int.test.ts). Times are Asia/Shanghai (+08:00).
 * wait_ms / handle_ms are what the ingester derives (LiveState.derive): wait = answer/abandon − arrival
 * for the first answer, handle = resolution − pickup. Channels use the defaults of
 * src/lib/server/config/defaults.ts: chat T = 30 s, grace 5 s, 即时响应 60 s, realtime;
 * email T = 4 h, formula answered_over_answered, deferred.
 *
 * C1 chat/presale a1: arrives 11-10 10:00:00, answered +20 s, resolved +300 s, rated csat 5 nps 10
 * C2 chat/presale a1: 11:00:00, +45 s, +600 s, rated 3 / 8 (passive); REOPENED 11-15 (5 days: inside the FCR window)
 * C3 chat/presale a2: 12:00:00, +90 s, +1200 s, rated 2 / 3 (detractor); REOPENED 11-18 12:00:01 (8 days: outside)
 * C4 chat/presale: 13:00:00, abandoned after 3 s (inside the 5 s grace)
 * C5 chat/presale: 14:00:00, abandoned after 40 s (after T)
 * C6 chat/complaint a2, customer u9: 15:00:00, +10 s, +600 s, rated 4 / 9
 * C7 chat/complaint a2, customer u9 again: 11-11 09:00:00 (the complaint REPEAT of C6), +5 s, +300 s, rated 4 / 9
 * C8 chat/insale a1: arrives 11-10 23:59:50, answered 11-11 00:00:20 (30 s: CROSSES MIDNIGHT), +600 s
 * C9 email/aftersale a1: 11-11 10:00:00, answered +7200 s, +1800 s, rated csat 5 (no nps)
 */
export interface FixtureRow {
	event_id: string;
	ts: number;
	received_at: number;
	type: string;
	contact_id: string;
	channel: string;
	queue: string;
	agent_id: string;
	team_id: string;
	customer_id: string;
	category: string;
	csat: number | null;
	nps: number | null;
	wait_ms: number | null;
	handle_ms: number | null;
	source: string;
}

const at = (iso: string) => Date.parse(`${iso}+08:00`);
let seq = 0;
function ev(type: string, iso: string, c: { id: string; ch: string; q: string; cust?: string; cat?: string }, extra: Partial<FixtureRow> = {}): FixtureRow {
	const ts = at(iso);
	return {
		event_id: `fx-${++seq}`,
		ts,
		received_at: ts,
		type,
		contact_id: c.id,
		channel: c.ch,
		queue: c.q,
		agent_id: '',
		team_id: '',
		customer_id: c.cust ?? '',
		category: c.cat ?? '',
		csat: null,
		nps: null,
		wait_ms: null,
		handle_ms: null,
		source: 'fixture',
		...extra
	};
}
const A1 = { agent_id: 'a1', team_id: 't1' };
const A2 = { agent_id: 'a2', team_id: 't2' };

/** A contact answered and resolved by one agent (and optionally rated). */
function handled(
	c: { id: string; ch: string; q: string; cust?: string; cat?: string },
	arrive: string,
	answer: string,
	waitSec: number,
	resolve: string,
	handleSec: number,
	agent: { agent_id: string; team_id: string },
	rating?: { at: string; csat: number; nps: number | null }
): FixtureRow[] {
	const out = [
		ev('contact.arrived', arrive, c),
		ev('contact.answered', answer, c, { ...agent, wait_ms: waitSec * 1000 }),
		ev('contact.resolved', resolve, c, { ...agent, handle_ms: handleSec * 1000 })
	];
	if (rating) out.push(ev('contact.rated', rating.at, c, { ...agent, csat: rating.csat, nps: rating.nps }));
	return out;
}

const C = (id: string, ch: string, q: string, cust = '', cat = 'consult') => ({ id, ch, q, cust, cat });

export const FIXTURE: FixtureRow[] = [
	...handled(C('C1', 'chat', 'presale', 'u1'), '2026-11-10T10:00:00', '2026-11-10T10:00:20', 20, '2026-11-10T10:05:20', 300, A1, { at: '2026-11-10T10:06:00', csat: 5, nps: 10 }),
	...handled(C('C2', 'chat', 'presale', 'u2'), '2026-11-10T11:00:00', '2026-11-10T11:00:45', 45, '2026-11-10T11:10:45', 600, A1, { at: '2026-11-10T11:12:00', csat: 3, nps: 8 }),
	ev('contact.reopened', '2026-11-15T09:00:00', C('C2', 'chat', 'presale', 'u2')),
	...handled(C('C3', 'chat', 'presale', 'u3'), '2026-11-10T12:00:00', '2026-11-10T12:01:30', 90, '2026-11-10T12:21:30', 1200, A2, { at: '2026-11-10T12:25:00', csat: 2, nps: 3 }),
	ev('contact.reopened', '2026-11-18T12:21:31', C('C3', 'chat', 'presale', 'u3')),
	ev('contact.arrived', '2026-11-10T13:00:00', C('C4', 'chat', 'presale')),
	ev('contact.abandoned', '2026-11-10T13:00:03', C('C4', 'chat', 'presale'), { wait_ms: 3000 }),
	ev('contact.arrived', '2026-11-10T14:00:00', C('C5', 'chat', 'presale')),
	ev('contact.abandoned', '2026-11-10T14:00:40', C('C5', 'chat', 'presale'), { wait_ms: 40_000 }),
	...handled(C('C6', 'chat', 'complaint', 'u9', 'complaint'), '2026-11-10T15:00:00', '2026-11-10T15:00:10', 10, '2026-11-10T15:10:10', 600, A2, { at: '2026-11-10T15:12:00', csat: 4, nps: 9 }),
	...handled(C('C7', 'chat', 'complaint', 'u9', 'complaint'), '2026-11-11T09:00:00', '2026-11-11T09:00:05', 5, '2026-11-11T09:05:05', 300, A2, { at: '2026-11-11T09:06:00', csat: 4, nps: 9 }),
	...handled(C('C8', 'chat', 'insale', 'u4'), '2026-11-10T23:59:50', '2026-11-11T00:00:20', 30, '2026-11-11T00:10:20', 600, A1),
	...handled(C('C9', 'email', 'aftersale', 'u5'), '2026-11-11T10:00:00', '2026-11-11T12:00:00', 7200, '2026-11-11T12:30:00', 1800, A1, { at: '2026-11-11T13:00:00', csat: 5, nps: null })
];

/**
 * Display names (src/lib/server/reports/names.ts): a1 sent two names, the later one wins (张三); its
 * team t1 is named 售前一组 by team_name; a2 sent no name (its roster entry names it); t2 has no name.
 */
export const AGENT_NAMES = [
	{ event_id: 'fx-ag-1', ts: at('2026-11-09T08:00:00'), received_at: at('2026-11-09T08:00:00'), agent_id: 'a1', team_id: 't1', state: 'available', channels: ['chat'], source: 'fixture', attrs: JSON.stringify({ name: '王五' }) },
	{ event_id: 'fx-ag-2', ts: at('2026-11-10T08:00:00'), received_at: at('2026-11-10T08:00:00'), agent_id: 'a1', team_id: 't1', state: 'available', channels: ['chat'], source: 'fixture', attrs: JSON.stringify({ name: '张三', team_name: '售前一组' }) },
	{ event_id: 'fx-ag-3', ts: at('2026-11-10T08:00:00'), received_at: at('2026-11-10T08:00:00'), agent_id: 'a2', team_id: 't2', state: 'available', channels: ['chat'], source: 'fixture', attrs: '' }
];

/** A stored schedule whose roster names a2 (and names a1 differently: agent events win). */
export const ROSTER_SCHEDULE = {
	id: 'fx-schedule',
	name: 'fixture week',
	published: true,
	savedBy: 'fixture',
	savedAtMs: at('2026-11-01T00:00:00'),
	body: { roster: [{ agentId: 'a1', name: '排班名一', pool: 'chat' }, { agentId: 'a2', name: '李四', pool: 'chat' }], shifts: [] }
};
