import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { startServer, type RunningServer } from '../helpers/server';

// Decision 0006 "Bounded dedup memory": at start the dedup memory is read back from
// dedup-snapshot.bin (saved at a clean stop and every 30 s) and the ids stored after its mark are
// added from storage. Oracle: exactly-once — after any restart a resend of every event ever accepted
// is answered as duplicates and the stored count is the number of distinct events sent.

const KEY = 'dedup-key-0123456789abcdef';
const dir = tempDir('csops-dedup-restart-');
let s: RunningServer | null = null;
afterAll(async () => {
	await s?.stop('SIGKILL');
	dir.cleanup();
});

const events = (prefix: string, n: number) =>
	Array.from({ length: n }, (_, i) => ({ event_id: `${prefix}-${i}`, ts: Date.now() - 60_000 + i, type: 'contact.arrived', contact_id: `${prefix}-c${i}`, channel: 'chat', queue: 'presale' }));

async function post(body: unknown[]): Promise<{ accepted: number; duplicates: number }> {
	const r = await fetch(`${s!.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	expect(r.status).toBe(200);
	return (await r.json()) as { accepted: number; duplicates: number };
}

describe('dedup memory over restarts', () => {
	it('from its snapshot after SIGTERM, plus the ids stored after the snapshot after kill -9: every resend is a duplicate', async () => {
		const env = { DATA_PATH: dir.path, INGEST_KEYS: `crm:${KEY}` };
		const a = events('a', 3_000);
		const b = events('b', 2_000);
		s = await startServer(env);
		expect(await post(a)).toMatchObject({ accepted: 3_000, duplicates: 0 });
		// a clean stop saves the dedup memory next to the live-state snapshot
		await s.stop('SIGTERM');
		expect(existsSync(join(dir.path, 'dedup-snapshot.bin'))).toBe(true);

		s = await startServer(env);
		expect(s.output()).toMatch(/dedup memory from its snapshot \(3000 ids\) \+ 0 received after it/);
		expect(await post(a)).toMatchObject({ accepted: 0, duplicates: 3_000 });
		// stored after the snapshot's mark, then a kill -9: no new snapshot holds them
		expect(await post(b)).toMatchObject({ accepted: 2_000, duplicates: 0 });
		await s.stop('SIGKILL');

		s = await startServer(env);
		expect(s.output()).toMatch(/dedup memory from its snapshot \(3000 ids\) \+ 2000 received after it/);
		expect(await post([...a, ...b])).toMatchObject({ accepted: 0, duplicates: 5_000 });
		const h = (await (await fetch(`${s.url}/api/health`)).json()) as { events: { contact: number } };
		expect(h.events.contact).toBe(5_000);
	});
});
