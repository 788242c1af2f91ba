/**
 * The HTTP side of `runInsertLines` (issue 24): on a ClickHouse server URL the writer's insert goes
 * out as the statement `insertLinesSql` builds (the text chDB runs on the embedded path, checked in
 * insertEventLines.int.test.ts) with the JSONCompactEachRow lines as the request body. No ClickHouse
 * server runs in this suite, so a local HTTP listener records what the real `@clickhouse/client`
 * sends and answers as a server does to an INSERT (200, empty body); the expected request is
 * derived from the inputs, not copied from a run.
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLinesSql, runInsertLines } from '../../src/lib/server/queries/run';

interface Seen {
	method: string;
	query: string | null;
	body: string;
}

describe('runInsertLines against a ClickHouse HTTP endpoint', () => {
	const seen: Seen[] = [];
	let status = 200;
	const server = createServer((req: IncomingMessage, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://x');
			seen.push({ method: req.method ?? '', query: url.searchParams.get('query'), body: Buffer.concat(chunks).toString('utf8') });
			if (status === 200) {
				res.writeHead(200, { 'X-ClickHouse-Summary': '{"written_rows":"2"}' });
				res.end();
			} else {
				res.writeHead(status, { 'X-ClickHouse-Exception-Code': '252' });
				res.end('Code: 252. DB::Exception: Too many parts (test). (TOO_MANY_PARTS)');
			}
		});
	});
	let url = '';
	beforeAll(async () => {
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise((r) => server.close(r));
	});

	const spec = {
		tag: 'ingest/test',
		table: 'contact_events',
		columns: ['event_id', 'ts', 'source'],
		lines: ['["e1",1764666000000,"s"]', '["e2 \\"quoted\\" 客户",1764666000001,"s"]'],
		token: { insert_deduplication_token: 'c-00ff' }
	};

	it('sends the same statement as the embedded path, tagged, with the lines as the body', async () => {
		const client = createClient({ url, log: { level: ClickHouseLogLevel.OFF } });
		await runInsertLines(client, spec);
		await client.close();
		expect(seen.length).toBe(1);
		expect(seen[0].method).toBe('POST');
		expect(seen[0].query).toBe(`/* q:${spec.tag} */ ${insertLinesSql(spec)}`);
		expect(seen[0].body).toBe(spec.lines.join('\n') + '\n');
	});

	it("passes the server's error on (the writer retries with the same token)", async () => {
		status = 500;
		const client = createClient({ url, log: { level: ClickHouseLogLevel.OFF } });
		await expect(runInsertLines(client, spec)).rejects.toThrow(/Too many parts/);
		await client.close();
		status = 200;
	});

	it('sends nothing for no lines', async () => {
		const before = seen.length;
		const client = createClient({ url, log: { level: ClickHouseLogLevel.OFF } });
		await runInsertLines(client, { ...spec, lines: [] });
		await client.close();
		expect(seen.length).toBe(before);
	});
});
