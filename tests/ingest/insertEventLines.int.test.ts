/**
 * The ingest writer's insert (issue 24): rows serialised once as JSONCompactEachRow lines and handed
 * to the real embedded engine through chDB's raw insert (`runInsertLines`). Checked against the
 * engine itself: every row stored with the values the object mapping gives, a repeated token
 * dropped (the writer's retry), a later insert with its own token kept (the token is the
 * statement's own SETTINGS, it does not stick to the connection), and the statement text is the one
 * chDB builds for the same insert, so the HTTP path (which sends that text) runs the same SQL.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, ContactEvent } from '../../src/lib/server/ingest/contract';
import { insertEventLines } from '../../src/lib/server/queries/ingest/insertEventLines';
import { AGENT_EVENT_COLUMNS, CONTACT_EVENT_COLUMNS, agentEventLine, agentEventRow, contactEventLine, contactEventRow } from '../../src/lib/server/queries/ingest/eventRows';
import { insertLinesSql } from '../../src/lib/server/queries/run';
import { count } from '../helpers/engine';
import { useMigratedEngine } from '../helpers/migratedEngine';

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);

function contact(i: number, over: Partial<ContactEvent> = {}): ContactEvent {
	return {
		kind: 'contact',
		eventId: `e${i}`,
		tsMs: T0 + i * 1000,
		type: 'contact.answered',
		contactId: `c${i}`,
		channel: 'chat',
		queue: 'presale',
		agentId: `ag${i % 7}`,
		teamId: 't1',
		priority: i % 3,
		customerId: `cu${i}`,
		toQueue: '',
		toAgentId: '',
		csat: i % 2 ? 4 : null,
		nps: null,
		category: '',
		tier: '',
		attrs: '',
		...over
	};
}

const agent = (i: number): AgentEvent => ({
	kind: 'agent',
	eventId: `a${i}`,
	tsMs: T0 + i * 1000,
	type: 'agent.state',
	agentId: `ag${i}`,
	teamId: 't2',
	state: 'break',
	channels: ['chat', 'email'],
	maxConcurrency: 2,
	attrs: '{"note":"lunch"}'
});

describe('insertEventLines on the embedded engine', () => {
	const engine = useMigratedEngine();

	it('stores each line as the row the object mapping describes', async () => {
		// awkward values on purpose: quotes, a backslash, a newline, non-ASCII text, nulls, a milestone
		const events = [
			contact(1),
			contact(2, { customerId: 'cu "2" \\ 客户\n二', attrs: '{"k":"v\\"w"}', category: 'refund', tier: 'vip' }),
			contact(3, { type: 'contact.milestone', milestone: 'plan', csat: null, nps: 9 })
		];
		const x = (i: number) => ({ receivedAt: T0 + 60_000, source: 'src-lines', waitMs: i === 0 ? 1500 : null, handleMs: i === 1 ? 90_000 : null });
		await insertEventLines(engine.client, 'contact_events', events.map((e, i) => contactEventLine(e, x(i))), { insert_deduplication_token: 'lines-test-c1' });
		await insertEventLines(engine.client, 'agent_events', [agentEventLine(agent(1), { receivedAt: T0 + 60_000, source: 'src-lines' })], { insert_deduplication_token: 'lines-test-a1' });

		const rs = await engine.client.query({
			query: `SELECT ${CONTACT_EVENT_COLUMNS.join(', ')} FROM contact_events WHERE source = 'src-lines' ORDER BY event_id`,
			format: 'JSONEachRow',
			clickhouse_settings: { output_format_json_quote_64bit_integers: 0 }
		});
		const stored = await rs.json<Record<string, unknown>>();
		// the expected rows are the object mapping of the same events (contactEventRow), with the
		// engine's own spelling of times (DateTime64(3) columns come back as text)
		expect(stored.length).toBe(3);
		for (let i = 0; i < 3; i++) {
			const want = contactEventRow(events[i], x(i));
			for (const c of CONTACT_EVENT_COLUMNS) {
				if (c === 'ts' || c === 'received_at') expect(Date.parse(`${stored[i][c] as string}Z`), c).toBe(want[c]);
				else expect(stored[i][c], c).toEqual(want[c]);
			}
		}
		const ars = await engine.client.query({ query: `SELECT ${AGENT_EVENT_COLUMNS.join(', ')} FROM agent_events WHERE source = 'src-lines'`, format: 'JSONEachRow' });
		const a = (await ars.json<Record<string, unknown>>())[0];
		const wantA = agentEventRow(agent(1), { receivedAt: T0 + 60_000, source: 'src-lines' });
		for (const c of ['event_id', 'agent_id', 'team_id', 'state', 'channels', 'source', 'attrs'] as const) expect(a[c], c).toEqual(wantA[c]);
		expect(Number(a.max_concurrency)).toBe(wantA.max_concurrency);
	});

	it('drops a resend with the same token (the writer retry) and keeps the next insert with its own token', async () => {
		const x = { receivedAt: T0, source: 'src-retry', waitMs: null, handleMs: null };
		const lines = [contactEventLine(contact(10), x), contactEventLine(contact(11), x)];
		await insertEventLines(engine.client, 'contact_events', lines, { insert_deduplication_token: 'lines-test-retry' });
		await insertEventLines(engine.client, 'contact_events', lines, { insert_deduplication_token: 'lines-test-retry' });
		expect(await count(engine.client, "SELECT count() FROM contact_events WHERE source = 'src-retry'")).toBe(2);
		await insertEventLines(engine.client, 'contact_events', [contactEventLine(contact(12), x)], { insert_deduplication_token: 'lines-test-next' });
		// a token passed as `SET` would stick to the connection (docs/chdb-engine.md): a plain insert
		// through the engine.client after ours must still write its row
		await engine.client.insert({ table: 'contact_events', values: [{ event_id: 'e13', ts: T0, received_at: T0, type: 'contact.arrived', contact_id: 'c13', channel: 'chat', queue: 'presale', source: 'src-retry' }], format: 'JSONEachRow' });
		expect(await count(engine.client, "SELECT count() FROM contact_events WHERE source = 'src-retry'")).toBe(4);
	});

	it('runs the statement chDB builds for the same insert (the text the HTTP path sends)', () => {
		const require = createRequire(import.meta.url);
		// not in chdb's package exports: loaded by its path next to the package's main file
		const { buildRawInsertPrefix } = require(join(dirname(require.resolve('chdb')), 'dist', 'rawInsert.js')) as {
			buildRawInsertPrefix(p: { table: string; columns: string[]; settings: Record<string, string>; format: string }): { prefix: string };
		};
		const token = { insert_deduplication_token: 'c-0123456789abcdef0123456789abcdef' };
		const ours = insertLinesSql({ table: 'contact_events', columns: CONTACT_EVENT_COLUMNS, token });
		expect(ours).toBe(buildRawInsertPrefix({ table: 'contact_events', columns: [...CONTACT_EVENT_COLUMNS], settings: token, format: 'JSONCompactEachRow' }).prefix);
		expect(() => insertLinesSql({ table: 'contact_events', columns: ['event_id'], token: { insert_deduplication_token: "x'; DROP TABLE t" } })).toThrow(/dedup token/);
		expect(() => insertLinesSql({ table: 'contact_events; DROP', columns: ['event_id'], token })).toThrow(/plain table/);
	});
});
