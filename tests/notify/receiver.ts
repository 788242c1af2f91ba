/**
 * A real local HTTP receiver (node:http on 127.0.0.1) for the notifier integration tests:
 * records every request and answers from a script.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
	method: string;
	url: URL;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	json: unknown;
	atMs: number;
}

export interface Reply {
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Wait before answering (to provoke client timeouts). */
	delayMs?: number;
}

export interface Receiver {
	port: number;
	requests: Recorded[];
	url(path?: string): string;
	/** Stops listening and drops open connections (the receiver is "down"). */
	close(): Promise<void>;
	/** Listens again on the same port. */
	restart(): Promise<void>;
}

export async function startReceiver(reply: (req: Recorded, index: number) => Reply = () => ({ status: 200, body: { ok: true } }), port = 0): Promise<Receiver> {
	const requests: Recorded[] = [];
	let server: Server;
	const listen = (p: number) =>
		new Promise<number>((resolve, reject) => {
			server = createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on('end', () => {
					const body = Buffer.concat(chunks).toString('utf8');
					let json: unknown;
					try {
						json = JSON.parse(body);
					} catch {
						json = undefined;
					}
					const rec: Recorded = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers, body, json, atMs: Date.now() };
					requests.push(rec);
					const r = reply(rec, requests.length - 1);
					const send = () => {
						if (res.destroyed) return;
						res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...(r.headers ?? {}) });
						res.end(r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
					};
					if (r.delayMs) setTimeout(send, r.delayMs);
					else send();
				});
			});
			server.once('error', reject);
			server.listen(p, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
		});
	const actualPort = await listen(port);
	const receiver: Receiver = {
		port: actualPort,
		requests,
		url: (path = '/hook') => `http://127.0.0.1:${actualPort}${path}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
		restart: async () => {
			await listen(actualPort);
		}
	};
	return receiver;
}
