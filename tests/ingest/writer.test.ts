/**
 * BatchWriter against a fake client that records every insert (issue 23 item 1): group commit,
 * batches cut by size, a retry that reuses the insert's dedup token, and the failure paths.
 * Expected counts follow from the options of each test (worked out in the comments).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { BatchWriter, StorageWriteError, type Row } from '../../src/lib/server/ingest/writer';

interface Insert {
	table: string;
	rows: number;
	token: string;
}

/**
 * A client without a chDB connection, so the writer's inserts take the HTTP path of `runInsertLines`:
 * `exec` with the statement and the body. It records the table, the row count (lines of the body)
 * and the dedup token from the statement's SETTINGS clause.
 */
function fakeClient(behaviour: { failTimes?: number; slowMs?: number } = {}) {
	const inserts: Insert[] = [];
	let failuresLeft = behaviour.failTimes ?? 0;
	const client = {
		exec: async (args: { query: string; values: AsyncIterable<Buffer> }) => {
			const m = /INSERT INTO (\w+) \(.*\) SETTINGS insert_deduplication_token='([^']+)' FORMAT JSONCompactEachRow$/.exec(args.query);
			if (!m) throw new Error(`unexpected statement: ${args.query}`);
			let body = '';
			for await (const chunk of args.values) body += chunk.toString('utf8');
			if (behaviour.slowMs) await new Promise((r) => setTimeout(r, behaviour.slowMs));
			if (failuresLeft > 0) {
				failuresLeft--;
				inserts.push({ table: m[1], rows: -1, token: m[2] });
				throw new Error('connection reset (test)');
			}
			inserts.push({ table: m[1], rows: body.split('\n').filter((l) => l !== '').length, token: m[2] });
			return { stream: (async function* () {})() };
		}
	};
	return { client: client as unknown as ClickHouseClient, inserts };
}

const rows = (n: number, tag: string): Row[] => Array.from({ length: n }, (_, i) => JSON.stringify([`${tag}${i}`]));
const ids = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `src\u0000${tag}${i}`);

describe('BatchWriter', () => {
	it('group-commits writes that arrive within the delay into one insert per table', async () => {
		const { client, inserts } = fakeClient();
		const w = new BatchWriter(client, { maxBatchRows: 1000, maxBatchDelayMs: 30 });
		// three requests (2 + 3 contact rows, 1 agent row) inside the 30 ms window → one batch:
		// one contact_events insert of 5 rows and one agent_events insert of 1 row
		await Promise.all([w.write(rows(2, 'a'), [], ids(2, 'a')), w.write(rows(3, 'b'), [], ids(3, 'b')), w.write([], rows(1, 'c'), ids(1, 'c'))]);
		expect(inserts.map((i) => [i.table, i.rows])).toEqual([
			['contact_events', 5],
			['agent_events', 1]
		]);
		expect(w.pendingRows).toBe(0);
		await w.close();
	});

	it('cuts batches by size: 7 rows at maxBatchRows 3 → inserts of 3, 3 and 1 in order', async () => {
		const { client, inserts } = fakeClient();
		const w = new BatchWriter(client, { maxBatchRows: 3, maxBatchDelayMs: 10 });
		await w.write(rows(7, 'x'), [], ids(7, 'x'));
		expect(inserts.map((i) => i.rows)).toEqual([3, 3, 1]);
		// each batch has its own token (derived from its own keys)
		expect(new Set(inserts.map((i) => i.token)).size).toBe(3);
		await w.close();
	});

	it('retries a failed insert with the same dedup token, so a landed-but-unanswered insert is not doubled', async () => {
		const { client, inserts } = fakeClient({ failTimes: 2 });
		const w = new BatchWriter(client, { maxBatchRows: 100, maxBatchDelayMs: 5, retryDelaysMs: [1, 1, 1] });
		await w.write(rows(4, 'r'), [], ids(4, 'r'));
		// attempts: fail, fail, success — all three with one token
		expect(inserts.map((i) => i.rows)).toEqual([-1, -1, 4]);
		expect(new Set(inserts.map((i) => i.token)).size).toBe(1);
		expect(w.stats.retries).toBe(2);
		await w.close();
	});

	it('the same ids from two different batches give the same token; other ids another one', async () => {
		const a = fakeClient();
		const b = fakeClient();
		const w1 = new BatchWriter(a.client, { maxBatchRows: 100, maxBatchDelayMs: 1 });
		const w2 = new BatchWriter(b.client, { maxBatchRows: 100, maxBatchDelayMs: 1 });
		await w1.write(rows(2, 'k'), [], ids(2, 'k'));
		await w2.write(rows(2, 'k'), [], ids(2, 'k'));
		await w2.write(rows(2, 'k'), [], ['other\u0000k0', 'other\u0000k1']); // same event ids, another source
		expect(b.inserts[0].token).toBe(a.inserts[0].token);
		expect(b.inserts[1].token).not.toBe(a.inserts[0].token);
		await w1.close();
		await w2.close();
	});

	it('rejects every waiting request with StorageWriteError when the retries run out, and keeps working after', async () => {
		const { client, inserts } = fakeClient({ failTimes: 3 });
		const w = new BatchWriter(client, { maxBatchRows: 100, maxBatchDelayMs: 5, retryDelaysMs: [1, 1] });
		// 1 try + 2 retries = 3 failures: both requests of the batch get the error
		const results = await Promise.allSettled([w.write(rows(1, 'f'), [], ids(1, 'f')), w.write(rows(1, 'g'), [], ids(1, 'g'))]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(StorageWriteError);
		expect(w.stats.failures).toBe(1);
		expect(w.pendingRows).toBe(0);
		await w.write(rows(1, 'h'), [], ids(1, 'h'));
		expect(inserts.at(-1)!.rows).toBe(1);
		await w.close();
	});

	it('grows the next batch while an insert runs (group commit under load), then writes it in one insert', async () => {
		const { client, inserts } = fakeClient({ slowMs: 40 });
		const w = new BatchWriter(client, { maxBatchRows: 1000, maxBatchDelayMs: 5 });
		const first = w.write(rows(1, 'p'), [], ids(1, 'p'));
		await new Promise((r) => setTimeout(r, 15)); // the first insert is running (40 ms)
		const later = [w.write(rows(1, 'q'), [], ids(1, 'q')), w.write(rows(1, 's'), [], ids(1, 's'))];
		await Promise.all([first, ...later]);
		// the two later writes, both past their 5 ms delay while the first insert ran, go in one insert
		expect(inserts.map((i) => i.rows)).toEqual([1, 2]);
		await w.close();
	});

	it('refuses writes after close, with a message the sender can act on', async () => {
		const { client } = fakeClient();
		const w = new BatchWriter(client, { maxBatchRows: 10, maxBatchDelayMs: 1 });
		await w.close();
		await expect(w.write(rows(1, 'z'), [], ids(1, 'z'))).rejects.toThrow(/shutting down/);
	});
});
