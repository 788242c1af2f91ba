/**
 * The malformed-input corpus of issue 24's attack run, as bodies that go both over HTTP
 * (POST /api/v1/events) and as WebSocket text frames (/api/v1/events/stream).
 *
 * The oracle for each expectation is the contract in docs/events.md: a body that is not JSON/NDJSON
 * is refused as a whole (HTTP 400, or an `error` answer with line/column on the socket); a body
 * that parses is answered per event — valid events stored (`accepted`), each bad one rejected by
 * itself with its index and field. Nothing may answer 5xx, end the process or stall the others.
 */
export type Expect =
	/** refused as a whole: 400 / `{error, line, column}` */
	| { whole: true }
	/** answered per event: how many accepted and the field of each rejection, in index order */
	| { accepted: number; rejectedFields: string[] };

export interface BodyCase {
	name: string;
	body: (id: (n: number) => string) => string;
	expect: Expect;
}

const now = () => Date.now() - 30_000;
let contactNo = 0;
export const good = (eventId: string, extra: Record<string, unknown> = {}) => ({
	event_id: eventId,
	ts: now(),
	type: 'contact.arrived',
	contact_id: `c-${++contactNo}`,
	channel: 'chat',
	queue: 'presale',
	...extra
});
const j = (v: unknown) => JSON.stringify(v);
/** `{"a":{"a":…1…}}` nested n deep, built as text (the test itself must not recurse either) */
const deepObjectText = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const deepArrayText = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
/** a good event whose field `field` holds `valueText` (raw JSON text) */
const withRaw = (eventId: string, field: string, valueText: string) => `${j(good(eventId)).slice(0, -1)},"${field}":${valueText}}`;

const WHOLE: Expect = { whole: true };
const one = (field: string): Expect => ({ accepted: 0, rejectedFields: [field] });

export const BODY_CASES: BodyCase[] = [
	// ---- not JSON at all: refused as a whole, with a position
	{ name: 'empty body', body: () => '', expect: WHOLE },
	{ name: 'only whitespace', body: () => ' \n\t ', expect: WHOLE },
	{ name: 'a lone [', body: () => '[', expect: WHOLE },
	{ name: 'a lone {', body: () => '{', expect: WHOLE },
	{ name: "8 000 × '[' (the frame that killed the server)", body: () => '['.repeat(8000), expect: WHOLE },
	{ name: "200 000 × '['", body: () => '['.repeat(200_000), expect: WHOLE },
	{ name: '100 000 × {"a":', body: () => '{"a":'.repeat(100_000), expect: WHOLE },
	{ name: "deep array then a stray '}'", body: () => `${'['.repeat(50_000)}1}`, expect: WHOLE },
	{ name: 'trailing comma', body: (id) => `[${j(good(id(0)))},]`, expect: WHOLE },
	{ name: 'single quotes', body: () => "[{'event_id':'x'}]", expect: WHOLE },
	{ name: 'unterminated string', body: () => '[{"event_id":"abc', expect: WHOLE },
	{ name: 'raw control character in a string', body: () => '[{"event_id":"a\u0001b"}]', expect: WHOLE },
	{ name: 'NaN literal', body: (id) => `[${j(good(id(0))).slice(0, -1)},"priority":NaN}]`, expect: WHOLE },
	{ name: 'garbage after the document', body: (id) => `${j([good(id(0))])}]]]`, expect: WHOLE },
	{ name: 'binary-looking text', body: () => '\u0000\u0001\u0002\u0003', expect: WHOLE },
	{ name: 'a JSON number', body: () => '42', expect: WHOLE },
	{ name: 'a JSON string', body: () => '"event"', expect: WHOLE },
	{ name: 'JSON null', body: () => 'null', expect: WHOLE },
	{ name: 'events is not an array', body: () => '{"seq":1,"events":5}', expect: WHOLE },
	// ---- JSON that parses: answered per event
	{ name: 'empty array', body: () => '[]', expect: { accepted: 0, rejectedFields: [] } },
	{ name: 'empty object', body: () => '{}', expect: { accepted: 0, rejectedFields: ['event_id', 'type', 'ts', 'contact_id', 'channel', 'queue'] } },
	{ name: '100 000-deep empty arrays as one event', body: () => `[${deepArrayText(100_000)}]`, expect: one('') },
	{ name: 'attrs nested 20 000 deep between two good events', body: (id) => `[${j(good(id(0)))},${withRaw(id(1), 'attrs', deepObjectText(20_000))},${j(good(id(2)))}]`, expect: { accepted: 2, rejectedFields: ['attrs'] } },
	{ name: 'attrs nested 100 000 deep alone', body: (id) => withRaw(id(0), 'attrs', deepObjectText(100_000)), expect: one('attrs') },
	{ name: 'attrs whose innermost object is at level 65 (the event is level 1; cap 64)', body: (id) => withRaw(id(0), 'attrs', deepObjectText(64)), expect: one('attrs') },
	{ name: 'attrs whose innermost object is at level 63 is stored', body: (id) => withRaw(id(0), 'attrs', deepObjectText(62)), expect: { accepted: 1, rejectedFields: [] } },
	{ name: 'unknown field holding a 30 000-deep array', body: (id) => withRaw(id(0), 'blob', deepArrayText(30_000)), expect: one('blob') },
	{ name: 'channels of an agent.state nested deep', body: (id) => `{"event_id":"${id(0)}","ts":${now()},"type":"agent.state","agent_id":"a1","state":"available","channels":${deepArrayText(10_000)}}`, expect: one('channels') },
	{ name: 'to_queue nested deep in a transfer', body: (id) => withRaw(id(0), 'to_queue', deepObjectText(5_000)), expect: one('to_queue') },
	{ name: 'envelope whose events hold a deep value', body: (id) => `{"seq":9,"events":[${j(good(id(0)))},${deepArrayText(70_000)}]}`, expect: { accepted: 1, rejectedFields: [''] } },
	{ name: 'integer event_id', body: (id) => j([{ ...good(id(0)), event_id: 123 }]), expect: one('event_id') },
	{ name: 'event_id of 129 characters', body: () => j([good('x'.repeat(129))]), expect: one('event_id') },
	{ name: 'event_id with a space', body: () => j([good('a b')]), expect: one('event_id') },
	{ name: 'event_id with a lone surrogate', body: () => j([good('a\ud800')]), expect: one('event_id') },
	{ name: 'event_id an object', body: (id) => j([{ ...good(id(0)), event_id: { $gt: '' } }]), expect: one('event_id') },
	{ name: '30 November + 1: 2026-11-31', body: (id) => j([good(id(0), { ts: '2026-11-31T10:00:00+08:00' })]), expect: one('ts') },
	{ name: 'T24:00:00', body: (id) => j([good(id(0), { ts: '2026-11-23T24:00:00+08:00' })]), expect: one('ts') },
	{ name: '29 February 2026', body: (id) => j([good(id(0), { ts: '2026-02-29T10:00:00+08:00' })]), expect: one('ts') },
	{ name: 'ts 1e999 (Infinity)', body: (id) => `[${j(good(id(0))).replace(/"ts":\d+/, '"ts":1e999')}]`, expect: one('ts') },
	{ name: 'ts negative', body: (id) => j([good(id(0), { ts: -1 })]), expect: one('ts') },
	{ name: 'ts an array', body: (id) => j([good(id(0), { ts: [1, 2] })]), expect: one('ts') },
	{ name: 'ts with 10 fractional digits', body: (id) => j([good(id(0), { ts: '2026-11-23T10:00:00.1234567891+08:00' })]), expect: one('ts') },
	{ name: 'type __proto__', body: (id) => j([good(id(0), { type: '__proto__' })]), expect: one('type') },
	{ name: 'priority 1e308', body: (id) => `[${j(good(id(0))).slice(0, -1)},"priority":1e308}]`, expect: one('priority') },
	{ name: 'csat as a string', body: (id) => j([good(id(0), { type: 'contact.rated', csat: '5' })]), expect: one('csat') },
	{ name: 'attrs an array', body: (id) => j([good(id(0), { attrs: [1, 2] })]), expect: one('attrs') },
	{ name: 'attrs over 8 KiB', body: (id) => j([good(id(0), { attrs: { note: 'x'.repeat(9000) } })]), expect: one('attrs') },
	{ name: '"__proto__" key is stored as data, not a prototype', body: (id) => `[${j(good(id(0))).slice(0, -1)},"__proto__":{"polluted":1}}]`, expect: { accepted: 1, rejectedFields: [] } },
	{ name: 'a null item among good ones', body: (id) => j([good(id(0)), null, good(id(1))]), expect: { accepted: 2, rejectedFields: [''] } },
	{ name: 'the same event twice in one batch', body: (id) => j([good(id(0)), good(id(0))]), expect: { accepted: 1, rejectedFields: [] } },
	{ name: 'duplicate keys: the last wins', body: (id) => `[{"event_id":"${id(0)}","event_id":"${id(1)}","ts":${now()},"type":"contact.arrived","contact_id":"c","channel":"chat","queue":"presale"}]`, expect: { accepted: 1, rejectedFields: [] } },
	{ name: 'NDJSON with one broken line', body: (id) => `${j(good(id(0)))}\n{"event_id":\n${j(good(id(1)))}\n`, expect: { accepted: 2, rejectedFields: [''] } },
	{ name: 'NDJSON with a deep line', body: (id) => `${j(good(id(0)))}\n${withRaw(id(1), 'attrs', deepObjectText(10_000))}\n`, expect: { accepted: 1, rejectedFields: ['attrs'] } },
	{ name: '2 000 events with an unknown channel', body: (id) => j(Array.from({ length: 2000 }, (_, i) => good(id(i), { channel: 'fax' }))), expect: { accepted: 0, rejectedFields: Array(2000).fill('channel') } },
	{ name: 'a UTF-8 BOM before a valid batch', body: (id) => `\ufeff${j([good(id(0))])}`, expect: { accepted: 1, rejectedFields: [] } }
];

/** Bodies that pass: nothing to store twice, but the sender sees them accepted (the probe's own event). */
export const probeEvent = (eventId: string) => good(eventId);
