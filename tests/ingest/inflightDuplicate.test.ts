/**
 * An accepted event is never lost (decision 0006): a resend that arrives while the first write of
 * the same event is still in flight is acknowledged only when that write is durable — and answered
 * "resend" (StorageWriteError → 503) when that write fails, because then nothing of it is stored.
 * The writer is a stand-in whose writes the test settles by hand; everything else is the real path.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config/config';
import { SeenIds } from '../../src/lib/server/ingest/dedup';
import type { ParsedItem } from '../../src/lib/server/ingest/parse';
import { IngestService } from '../../src/lib/server/ingest/service';
import { StorageWriteError, type BatchWriter } from '../../src/lib/server/ingest/writer';
import { LiveState } from '../../src/lib/server/live/liveState';

const NOW = Date.parse('2026-11-11T02:00:00Z');

/** A writer whose every write waits until the test resolves or rejects it. */
function manualWriter() {
	const writes: { ids: string[]; resolve(): void; reject(e: Error): void }[] = [];
	const writer = {
		pendingRows: 0,
		stats: {},
		write(_c: unknown[], _a: unknown[], ids: string[]) {
			return new Promise<void>((resolve, reject) => writes.push({ ids, resolve, reject }));
		}
	};
	return { writer: writer as unknown as BatchWriter, writes };
}

function service() {
	const config = loadConfig({ env: { SIMULATOR: 'off' } });
	const { writer, writes } = manualWriter();
	const svc = new IngestService({ config, writer, live: new LiveState(config.channels, config.timezone, NOW), seen: new SeenIds(), now: () => NOW });
	return { svc, writes };
}

const arrived = (id: string): ParsedItem => ({
	ok: true,
	value: { event_id: id, ts: new Date(NOW - 1000).toISOString(), type: 'contact.arrived', contact_id: `c-${id}`, channel: 'chat', queue: 'presale' }
});
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('a resend while the first write is in flight', () => {
	it('is acknowledged as a duplicate once the first write is durable', async () => {
		const { svc, writes } = service();
		const first = svc.submit([arrived('e1')], 'crm');
		await tick();
		const resend = svc.submit([arrived('e1')], 'crm');
		await tick();
		let resendDone = false;
		void resend.then(() => (resendDone = true));
		await tick();
		expect(resendDone).toBe(false); // not acked before the original is durable
		writes[0].resolve();
		expect(await first).toMatchObject({ accepted: 1, duplicates: 0 });
		expect(await resend).toMatchObject({ accepted: 0, duplicates: 1 });
	});

	it('is answered "resend" when the first write fails, and the next resend is stored', async () => {
		const { svc, writes } = service();
		const first = svc.submit([arrived('e1')], 'crm');
		await tick();
		const resend = svc.submit([arrived('e1'), arrived('e2')], 'crm');
		await tick();
		writes[0].reject(new StorageWriteError('disk full'));
		await expect(first).rejects.toBeInstanceOf(StorageWriteError);
		// the resend's own new event (e2) is written; its copy of e1 was in the failed write
		writes[1].resolve();
		await expect(resend).rejects.toBeInstanceOf(StorageWriteError);
		// the sender resends the batch: e1 is stored now, e2 answers as a duplicate
		const again = svc.submit([arrived('e1'), arrived('e2')], 'crm');
		await tick();
		expect(writes).toHaveLength(3);
		expect(writes[2].ids).toEqual([SeenIds.key('crm', 'e1')]);
		writes[2].resolve();
		expect(await again).toMatchObject({ accepted: 1, duplicates: 1 });
	});

	it('the same id from another source is a different event', async () => {
		const { svc, writes } = service();
		const a = svc.submit([arrived('e1')], 'crm');
		await tick();
		const b = svc.submit([arrived('e1')], 'telephony');
		await tick();
		expect(writes).toHaveLength(2);
		writes[0].resolve();
		writes[1].resolve();
		expect(await a).toMatchObject({ accepted: 1 });
		expect(await b).toMatchObject({ accepted: 1, duplicates: 0 });
	});
});
