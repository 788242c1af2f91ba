import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { startServer, type RunningServer } from '../helpers/server';

// Issue 24: "a 9.5 MiB body stalls other clients 2.3 s". The ingester now validates a large body in
// chunks, yielding to the event loop between them (src/lib/server/ingest/service.ts, VALIDATE_CHUNK),
// so other clients are served while it works. This test asserts the ORDER — a probe sent after the
// whole upload has left the client is answered before the upload's own answer — and prints the probe
// latencies as a figure (timing is a bench figure, not an assertion: the machine is shared).

const KEY = 'rel-key-0123456789abcdef';
const dir = tempDir('csops-big-');
let s: RunningServer;

beforeAll(async () => {
	s = await startServer({ DATA_PATH: dir.path, INGEST_KEYS: `crm:${KEY}` });
});

afterAll(async () => {
	await s?.stop('SIGKILL');
	dir.cleanup();
});

/** A JSON array of valid contact.arrived events, just under 9.5 MiB (the default cap is 10 MiB). */
function bigBody(): { text: string; events: number } {
	const target = 9.5 * 1024 * 1024;
	const now = Date.now();
	const parts: string[] = [];
	let size = 2;
	for (let i = 0; ; i++) {
		const e = JSON.stringify({ event_id: `big-${i}`, ts: now - (i % 60_000), type: 'contact.arrived', contact_id: `big-c-${i}`, channel: 'chat', queue: 'presale' });
		if (size + e.length + 1 > target) break;
		parts.push(e);
		size += e.length + 1;
	}
	return { text: `[${parts.join(',')}]`, events: parts.length };
}

describe('a 9.5 MiB body does not stall other clients', () => {
	it('a probe sent after the upload left the client is answered before the upload', async () => {
		const { text, events } = bigBody();
		expect(Buffer.byteLength(text)).toBeGreaterThan(9 * 1024 * 1024);
		const order: string[] = [];
		const probeMs: number[] = [];
		let uploadDone = false;
		const upload = new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = http.request(`${s.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (body += d));
				res.on('end', () => {
					uploadDone = true;
					order.push('upload');
					resolve({ status: res.statusCode ?? 0, body });
				});
			});
			req.on('error', reject);
			// probes start once the last byte of the body is handed to the socket
			req.end(text, () => (probing = probes()));
		});
		let probing: Promise<void> = Promise.resolve();
		const t0 = performance.now();
		async function probes(): Promise<void> {
			// one probe at a time on its own connection (agent: false), until the upload is answered
			while (!uploadDone) {
				const start = performance.now();
				const r = await fetch(`${s.url}/api/health`, { headers: { connection: 'close' } });
				await r.arrayBuffer();
				probeMs.push(performance.now() - start);
				if (!uploadDone) order.push('probe');
				await new Promise((r) => setTimeout(r, 20));
			}
		}
		const r = await upload;
		const uploadMs = performance.now() - t0;
		await probing; // the probe in flight when the upload was answered finishes before the server stops
		expect(r.status, r.body.slice(0, 300)).toBe(200);
		expect(JSON.parse(r.body)).toMatchObject({ accepted: events, duplicates: 0, rejected: [] });
		console.log(
			`[bench figure] ${events} events in a ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MiB body answered ${uploadMs.toFixed(0)} ms after it was sent; ${probeMs.length} /api/health probes meanwhile, latency max ${Math.max(...probeMs).toFixed(0)} ms, median ${[...probeMs].sort((a, b) => a - b)[Math.floor(probeMs.length / 2)]?.toFixed(0)} ms`
		);
		// the order: at least one probe answered while the upload was still being worked on
		expect(order.indexOf('probe')).toBeGreaterThanOrEqual(0);
		expect(order.indexOf('probe')).toBeLessThan(order.indexOf('upload'));
	});
});
