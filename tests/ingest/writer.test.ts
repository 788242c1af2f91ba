/**
 * BatchWriter against a fake client that records every insert (issue 23 item 1): group commit,
 * batches cut by size, a retry that reuses the insert's dedup token, and the failure paths.
 * Expected counts follow from the options of each test (worked out in the comments).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { BatchWriter, StorageWriteError, type Row, type WriterOptions } from '../../src/lib/server/ingest/writer';

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
function fakeClient(behaviour: { failTimes?: number; slowMs?: number; delayFor?: (body: string) => number; failFor?: (body: string) => boolean } = {}, inserts: Insert[] = []) {
	let failuresLeft = behaviour.failTimes ?? 0;
	const client = {
		exec: async (args: { query: string; values: AsyncIterable<Buffer> }) => {
			const m = /INSERT INTO (\w+) \(.*\) SETTINGS insert_deduplication_token='([^']+)' FORMAT JSONCompactEachRow$/.exec(args.query);
			if (!m) throw new Error(`unexpected statement: ${args.query}`);
			let body = '';
			for await (const chunk of args.values) body += chunk.toString('utf8');
			const delay = behaviour.delayFor?.(body) ?? behaviour.slowMs ?? 0;
			if (delay) await new Promise((r) => setTimeout(r, delay));
			if (failuresLeft > 0 || behaviour.failFor?.(body)) {
				if (failuresLeft > 0) failuresLeft--;
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

	describe('two inserts in flight (issue 24)', () => {
		/** a writer with a second lane: both lanes record into one list, so the order of finished inserts shows */
		function twoLanes(behaviour: Parameters<typeof fakeClient>[0], opts: Partial<WriterOptions> = {}) {
			const inserts: Insert[] = [];
			const first = fakeClient(behaviour, inserts);
			const second = fakeClient(behaviour, inserts);
			let opened = 0;
			const w = new BatchWriter(first.client, {
				maxBatchRows: 3,
				maxBatchDelayMs: 5,
				maxInFlight: 2,
				openLane: async () => (opened++, { client: second.client, close: async () => undefined }),
				...opts
			});
			return { w, inserts, opened: () => opened };
		}

		it('inserts a full batch while the one before is in the engine, and answers the callers in seal order', async () => {
			// batch 1 (rows x0-x2) takes 80 ms, batch 2 (y0-y2) 5 ms: batch 2 finishes first
			const { w, inserts, opened } = twoLanes({ delayFor: (body) => (body.includes('"x') ? 80 : 5) });
			const answered: string[] = [];
			const a = w.write(rows(3, 'x'), [], ids(3, 'x')).then(() => answered.push('x'));
			const b = w.write(rows(3, 'y'), [], ids(3, 'y')).then(() => answered.push('y'));
			await Promise.all([a, b]);
			expect(opened()).toBe(1);
			expect(w.stats.maxInFlight).toBe(2);
			// the inserts finished y then x (they ran side by side) …
			expect(inserts.map((i) => i.rows)).toEqual([3, 3]);
			expect(inserts[0].token).not.toBe(inserts[1].token);
			// … but x's caller was answered first
			expect(answered).toEqual(['x', 'y']);
			await w.close();
		});

		it('a failed first batch rejects only its own callers: the second batch, written, is acknowledged after it', async () => {
			const { w, inserts } = twoLanes({ delayFor: (body) => (body.includes('"f') ? 30 : 1), failFor: (body) => body.includes('"f') }, { retryDelaysMs: [1, 1] });
			const settled: string[] = [];
			const f = w.write(rows(3, 'f'), [], ids(3, 'f')).then(
				() => settled.push('f ok'),
				(e: Error) => settled.push(`f ${e.name}`)
			);
			const g = w.write(rows(3, 'g'), [], ids(3, 'g')).then(
				() => settled.push('g ok'),
				(e: Error) => settled.push(`g ${e.name}`)
			);
			await Promise.all([f, g]);
			expect(settled).toEqual(['f StorageWriteError', 'g ok']);
			// f: 1 try + 2 retries, all with one token; g: one insert
			const fTokens = inserts.filter((i) => i.rows === -1).map((i) => i.token);
			expect(fTokens.length).toBe(3);
			expect(new Set(fTokens).size).toBe(1);
			expect(inserts.filter((i) => i.rows === 3).length).toBe(1);
			expect(w.stats.failures).toBe(1);
			expect(w.pendingRows).toBe(0);
			await w.close();
		});

		it('a caller whose rows span both batches is answered only when both are written, and fails if either fails', async () => {
			const { w } = twoLanes({ delayFor: (body) => (body.includes('"s0') ? 40 : 1), failFor: (body) => body.includes('"s3') }, { retryDelaysMs: [1] });
			// 6 rows at maxBatchRows 3: s0-s2 in batch 1 (slow, written), s3-s5 in batch 2 (fails)
			await expect(w.write(rows(6, 's'), [], ids(6, 's'))).rejects.toBeInstanceOf(StorageWriteError);
			await w.close();
		});

		it('barrier() waits for every batch in flight, not only the newest', async () => {
			const { w } = twoLanes({ delayFor: (body) => (body.includes('"b') ? 60 : 1) });
			let slowDone = false;
			void w.write(rows(3, 'b'), [], ids(3, 'b')).then(() => (slowDone = true));
			void w.write(rows(3, 'c'), [], ids(3, 'c'));
			expect(await w.barrier()).toBe(true);
			expect(slowDone).toBe(true);
			await w.close();
		});

		it('goes on with one lane when another connection cannot be opened', async () => {
			const inserts: Insert[] = [];
			const logs: string[] = [];
			const w = new BatchWriter(fakeClient({ slowMs: 10 }, inserts).client, {
				maxBatchRows: 3,
				maxBatchDelayMs: 5,
				maxInFlight: 2,
				openLane: async () => {
					throw new Error('too many open files (test)');
				},
				log: (m) => logs.push(m)
			});
			await Promise.all([w.write(rows(3, 'l'), [], ids(3, 'l')), w.write(rows(3, 'm'), [], ids(3, 'm'))]);
			expect(inserts.map((i) => i.rows)).toEqual([3, 3]);
			expect(w.stats.maxInFlight).toBe(1);
			expect(logs.join('\n')).toMatch(/could not open another insert connection/);
			await w.close();
		});
	});
});
