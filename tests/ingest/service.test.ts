/**
 * IngestService on the real contract, dedup memory and live state, with a recording writer (issue 23
 * item 1): a bad event is refused by itself while its neighbours are stored; duplicates are answered
 * as such and never written twice; a full writer refuses the whole request (nothing taken); a failed
 * write answers "resend" and forgets the ids so the resend is taken.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config/config';
import { SeenIds } from '../../src/lib/server/ingest/dedup';
import type { ParsedItem } from '../../src/lib/server/ingest/parse';
import { IngestService, OverloadedError } from '../../src/lib/server/ingest/service';
import { StorageWriteError, type BatchWriter } from '../../src/lib/server/ingest/writer';
import { LiveState } from '../../src/lib/server/live/liveState';

const NOW = Date.parse('2026-11-11T02:00:00Z');

function recordingWriter(opts: { fail?: () => boolean; pendingRows?: number } = {}) {
	const written: { contact: number; agent: number; keys: string[] }[] = [];
	const writer = {
		pendingRows: opts.pendingRows ?? 0,
		stats: {},
		async write(c: unknown[], a: unknown[], keys: string[]) {
			if (opts.fail?.()) throw new StorageWriteError('storage write failed after 6 attempts: disk full (test)');
			written.push({ contact: c.length, agent: a.length, keys });
		}
	};
	return { writer: writer as unknown as BatchWriter, written };
}

function service(writer: BatchWriter) {
	const config = loadConfig({ env: { SIMULATOR: 'off' } });
	const live = new LiveState(config.channels, config.timezone, NOW);
	return { svc: new IngestService({ config, writer, live, seen: new SeenIds(), now: () => NOW }), live };
}

const ok = (value: Record<string, unknown>): ParsedItem => ({ ok: true, value });
const arrived = (id: string, extra: Record<string, unknown> = {}) =>
	ok({ event_id: id, ts: new Date(NOW - 1000).toISOString(), type: 'contact.arrived', contact_id: `c-${id}`, channel: 'chat', queue: 'presale', ...extra });
const agentState = (id: string) => ok({ event_id: id, ts: new Date(NOW - 500).toISOString(), type: 'agent.state', agent_id: 'a1', state: 'available', channels: ['chat'] });

describe('IngestService', () => {
	it('refuses a bad event by itself, naming index, id and field; stores its good neighbours', async () => {
		const { writer, written } = recordingWriter();
		const { svc, live } = service(writer);
		const r = await svc.submit([arrived('e1'), arrived('e2', { channel: 'fax' }), { ok: false, line: 3, message: 'not JSON' }, agentState('e3')], 'crm');
		expect(r.accepted).toBe(2);
		expect(r.rejected.map((x) => [x.index, x.event_id, x.field])).toEqual([
			[1, 'e2', 'channel'],
			[2, null, '']
		]);
		// one write: 1 contact row (e1) and 1 agent row (e3), keyed by source + id
		expect(written).toEqual([{ contact: 1, agent: 1, keys: [SeenIds.key('crm', 'e1'), SeenIds.key('crm', 'e3')] }]);
		expect(live.snapshot(NOW).channels.find((c) => c.channel === 'chat')!.waiting).toBe(1);
	});

	it('answers duplicates (within a request and across requests) without writing them again', async () => {
		const { writer, written } = recordingWriter();
		const { svc } = service(writer);
		expect(await svc.submit([arrived('d1'), arrived('d1')], 'crm')).toMatchObject({ accepted: 1, duplicates: 1 });
		expect(await svc.submit([arrived('d1'), arrived('d2')], 'crm')).toMatchObject({ accepted: 1, duplicates: 1 });
		// the same id from another source is another event (dedup key = source + id)
		expect(await svc.submit([arrived('d1')], 'pos')).toMatchObject({ accepted: 1, duplicates: 0 });
		expect(written.map((w) => w.contact)).toEqual([1, 1, 1]);
	});

	it('refuses the whole request with a retry time when the writer is too far behind', async () => {
		const { writer, written } = recordingWriter({ pendingRows: 1_000_000 });
		// 1 000 000 rows pending > the default ingest.maxPendingEvents (200 000, config.ts)
		const { svc } = service(writer);
		await expect(svc.submit([arrived('o1')], 'crm')).rejects.toBeInstanceOf(OverloadedError);
		expect(written).toEqual([]);
	});

	it('answers "resend" when the write fails, and takes the resend', async () => {
		let down = true;
		const { writer, written } = recordingWriter({ fail: () => down });
		const { svc } = service(writer);
		await expect(svc.submit([arrived('w1')], 'crm')).rejects.toBeInstanceOf(StorageWriteError);
		down = false;
		expect(await svc.submit([arrived('w1')], 'crm')).toMatchObject({ accepted: 1, duplicates: 0 });
		expect(written).toHaveLength(1);
	});
});
