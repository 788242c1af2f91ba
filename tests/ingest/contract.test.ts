import { describe, expect, it } from 'vitest';
import { parseTimestamp, validateEvent, type Problem } from '../../src/lib/server/ingest/contract';
import { firstSyntaxError, parseBody } from '../../src/lib/server/ingest/parse';

const NOW = Date.parse('2026-11-23T04:00:00Z');
const ctx = {
	channels: new Set(['chat', 'phone', 'email', 'ticket']),
	queues: new Set(['presale', 'insale', 'aftersale', 'complaint']),
	nowMs: NOW,
	maxLatenessSec: 86400,
	maxFutureSkewSec: 300
};
const good = { event_id: 'e1', ts: '2026-11-23T11:59:00+08:00', type: 'contact.arrived', contact_id: 'c1', channel: 'chat', queue: 'presale' };
const problems = (o: unknown) => validateEvent(o, ctx) as Problem[];

describe('event validation', () => {
	it('accepts a valid event and normalises it', () => {
		const r = validateEvent({ ...good, extra_field: 'x' }, ctx);
		expect(Array.isArray(r)).toBe(false);
		expect(r).toMatchObject({ kind: 'contact', eventId: 'e1', tsMs: NOW - 60_000, channel: 'chat', attrs: '{"extra_field":"x"}' });
		expect(validateEvent({ ...good, ts: NOW - 1000 }, ctx)).toMatchObject({ tsMs: NOW - 1000 });
	});

	it.each([
		['not an object', 42, '', /must be a JSON object/],
		['missing event_id', { ...good, event_id: undefined }, 'event_id', /is missing/],
		['wrong type of id', { ...good, contact_id: { a: 1 } }, 'contact_id', /must be a string/],
		['unknown type', { ...good, type: 'contact.exploded' }, 'type', /not a known event type; allowed: contact.arrived/],
		['unknown channel', { ...good, channel: 'fax' }, 'channel', /"fax" is not a configured channel; allowed: chat, phone, email, ticket/],
		['unknown queue', { ...good, queue: 'vip' }, 'queue', /not a configured queue/],
		['ts without offset', { ...good, ts: '2026-11-23 12:00:00' }, 'ts', /not RFC 3339 with an offset/],
		['ts in seconds', { ...good, ts: 1795400000 }, 'ts', /out of range/],
		['future ts', { ...good, ts: NOW + 3_600_000 }, 'ts', /in the future; at most 5 min/],
		['ancient ts', { ...good, ts: NOW - 3 * 86_400_000 }, 'ts', /in the past; live ingest accepts events up to 24 h late/],
		['answered without agent', { ...good, type: 'contact.answered' }, 'agent_id', /is missing/],
		['csat out of range', { ...good, type: 'contact.rated', csat: 6 }, 'csat', /whole number from 1 to 5/],
		['bad agent state', { event_id: 'a', ts: NOW, type: 'agent.state', agent_id: 'x', state: 'lunch' }, 'state', /allowed: available, on_contact, acw, break, offline/],
		['transfer to nowhere', { ...good, type: 'contact.transferred' }, 'to_queue', /needs to_queue, to_agent_id or both/]
	])('%s → names the field and what is allowed', (_name, input, field, message) => {
		const p = problems(input);
		expect(Array.isArray(p)).toBe(true);
		const hit = p.find((x) => x.field === field);
		expect(hit, JSON.stringify(p)).toBeDefined();
		expect(hit!.message).toMatch(message);
	});
});

describe('body parsing', () => {
	it('reads arrays, single objects, envelopes and NDJSON', () => {
		expect(parseBody('[{"a":1},{"a":2}]')).toMatchObject({ items: [{ ok: true }, { ok: true }] });
		expect(parseBody('{"a":1}')).toMatchObject({ items: [{ ok: true, value: { a: 1 } }] });
		expect(parseBody('{"seq":7,"events":[{"a":1}]}')).toMatchObject({ seq: 7, items: [{ ok: true }] });
		expect(parseBody('{"a":1}\n{"a":2}\n')).toMatchObject({ items: [{ ok: true }, { ok: true }] });
	});

	it('keeps the good NDJSON lines next to a broken one and names the line', () => {
		const r = parseBody('{"a":1}\n{"a":\n{"a":3}');
		expect(r).toMatchObject({ items: [{ ok: true }, { ok: false, line: 2 }, { ok: true }] });
	});

	it('locates a syntax error by line and column', () => {
		const r = parseBody('[\n{"a":1},\n{"a" 2}\n]');
		expect(r).toMatchObject({ line: 3, column: 6 });
		expect(parseBody('')).toMatchObject({ error: expect.stringMatching(/empty/) });
	});
});

describe('hostile input cannot overflow (issue 24)', () => {
	it('locates the error in 200 000 unclosed brackets without recursion: at the end of the text', () => {
		// The body ends inside the 200 000th array, so the first error is "ends too early" = offset text.length.
		const text = '['.repeat(200_000);
		expect(parseBody(text)).toMatchObject({ line: 1, column: 200_001, offset: 200_000 });
		expect(firstSyntaxError(`${'['.repeat(50_000)}1,}`)).toBe(50_002); // the '}' closes nothing: offset 50 000 + "1," = 50 002
	});

	it('matches V8 on the offset of ordinary errors (the positions JSON.parse reports on Node 20+)', () => {
		for (const text of ['{"a":1,}', '[1 2]', '{"a" 1}', '[1,2]x', '{,}', '[,1]']) {
			const m = /position (\d+)/.exec((() => {
				try {
					JSON.parse(text);
				} catch (e) {
					return (e as Error).message;
				}
				return '';
			})());
			if (m) expect(firstSyntaxError(text), text).toBe(Number(m[1]));
		}
		expect(firstSyntaxError('[1,]')).toBe(3);
		expect(firstSyntaxError('"abc')).toBe(4);
	});

	it('refuses an over-deep event by itself, naming the field and the rule', () => {
		let attrs: Record<string, unknown> = {};
		const root = attrs;
		for (let i = 0; i < 20_000; i++) attrs = (attrs.a = {}) as Record<string, unknown>;
		const p = problems({ ...good, attrs: root });
		expect(p).toEqual([{ field: 'attrs', message: expect.stringMatching(/deeper than 64 levels/) }]);
		// exactly at the cap is fine: the event (level 1) + attrs (2) + 62 nested objects = 64 levels
		let ok: Record<string, unknown> = {};
		const okRoot = ok;
		for (let i = 0; i < 62; i++) ok = (ok.a = {}) as Record<string, unknown>;
		expect(Array.isArray(validateEvent({ ...good, attrs: okRoot }, ctx))).toBe(false);
		// one more level is refused; a deep unknown field is named too
		ok.a = {};
		expect(problems({ ...good, attrs: okRoot })[0].field).toBe('attrs');
		expect(problems({ ...good, channels_extra: JSON.parse('['.repeat(100) + ']'.repeat(100)) })[0].field).toBe('channels_extra');
	});

	it('refuses an integer event_id with a clear message (the dedup key is text)', () => {
		expect(problems({ ...good, event_id: 123 })).toEqual([{ field: 'event_id', message: expect.stringMatching(/must be a string, got the number 123; send it quoted, e\.g\. "123"/) }]);
	});

	it.each([
		['2026-11-31T10:00:00+08:00', /day 31 does not exist in 2026-11/],
		['2026-02-29T10:00:00+08:00', /day 29 does not exist in 2026-02 \(01-28\)/],
		['2026-11-23T24:00:00+08:00', /hour 24/],
		['2026-11-23T10:60:00+08:00', /minute 60/],
		['2026-11-23T10:00:60+08:00', /second 60/],
		['2026-13-01T10:00:00+08:00', /month 13/],
		['2026-11-23T10:00:00+24:00', /offset \+24:00/]
	])('refuses the impossible timestamp %s', (ts, rule) => {
		expect(problems({ ...good, ts })).toEqual([{ field: 'ts', message: expect.stringMatching(rule) }]);
	});

	it('accepts 29 February in a leap year (2028 is divisible by 4, not by 100)', () => {
		const r = parseTimestamp('2028-02-29T10:00:00+08:00');
		expect(r).toBe(Date.UTC(2028, 1, 29, 2));
	});
});
