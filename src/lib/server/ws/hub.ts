import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SOCKET_HEARTBEAT_MS } from '$lib/types/realtime';

/**
 * The WebSocket hub: one `ws` server per route, sharing the HTTP server's port. The custom
 * production server (scripts/server.js) and the Vite dev plugin both hand it upgrade requests;
 * it lives inside the SvelteKit server bundle so it shares the live state with the endpoints.
 * See docs/decisions/0003-websocket-hub.md.
 */
export interface WsRoute {
	path: string;
	maxPayload: number;
	/**
	 * Return an HTTP status to refuse the upgrade (e.g. 401), or the principal to accept. `grants`
	 * are the topics this socket may receive beyond the route's public one (e.g. `alerts` for a
	 * principal that may read /api/v1/alerts); `broadcast` filters on them.
	 */
	authorize(req: IncomingMessage, url: URL): WsRefusal | WsAcceptance;
	onConnection(ws: WebSocket, principal: string, req: IncomingMessage): void;
}

export type WsRefusal = { status: number; message: string };
export type WsAcceptance = { ok: true; principal: string; grants?: readonly string[] };

const NO_GRANTS: ReadonlySet<string> = new Set();

export class WsHub {
	private grants = new WeakMap<WebSocket, ReadonlySet<string>>();
	private routes = new Map<string, { route: WsRoute; wss: WebSocketServer }>();
	private heartbeat: NodeJS.Timeout;
	private alive = new WeakMap<WebSocket, boolean>();

	constructor(private heartbeatMs = SOCKET_HEARTBEAT_MS) {
		// A client that does not answer a ping before the next one is dropped.
		this.heartbeat = setInterval(() => {
			for (const { wss } of this.routes.values()) {
				for (const ws of wss.clients) {
					// A socket we paused for backpressure (ingest: too many unanswered messages) cannot read
					// its pong: it is busy, not dead (issue 24 soak: senders were dropped under load).
					if ((ws as unknown as { _socket?: { isPaused?(): boolean } })._socket?.isPaused?.()) {
						this.alive.set(ws, true);
						continue;
					}
					if (this.alive.get(ws) === false) {
						ws.terminate();
						continue;
					}
					this.alive.set(ws, false);
					ws.ping();
				}
			}
		}, heartbeatMs);
		this.heartbeat.unref();
	}

	add(route: WsRoute): void {
		const wss = new WebSocketServer({ noServer: true, maxPayload: route.maxPayload, perMessageDeflate: false });
		this.routes.set(route.path, { route, wss });
	}

	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const entry = this.routes.get(url.pathname);
		if (!entry) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		const auth = entry.route.authorize(req, url);
		if (!('ok' in auth)) {
			const body = JSON.stringify({ error: auth.message });
			socket.end(
				`HTTP/1.1 ${auth.status} ${auth.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
			);
			return;
		}
		entry.wss.handleUpgrade(req, socket, head, (ws) => {
			this.alive.set(ws, true);
			this.grants.set(ws, new Set(auth.grants ?? []));
			ws.on('pong', () => this.alive.set(ws, true));
			// Any frame proves the peer alive. A busy ingest socket is paused and resumed many times a
			// second (backpressure): its pong may still sit unread behind data when the next heartbeat
			// finds it resumed, and it was dropped (1006) although it was sending all along (soak, issue 24).
			ws.on('message', () => this.alive.set(ws, true));
			entry.route.onConnection(ws, auth.principal, req);
		});
	}

	clientCount(path: string): number {
		return this.routes.get(path)?.wss.clients.size ?? 0;
	}

	/** The topics a connected socket was granted at upgrade. */
	grantsOf(ws: WebSocket): ReadonlySet<string> {
		return this.grants.get(ws) ?? NO_GRANTS;
	}

	/** Sends `data` to every open socket of `path` whose grants pass `to` (all of them without it). */
	broadcast(path: string, data: string, to?: (grants: ReadonlySet<string>) => boolean): void {
		const entry = this.routes.get(path);
		if (!entry) return;
		for (const ws of entry.wss.clients) {
			if (to && !to(this.grantsOf(ws))) continue;
			// A board that cannot keep up is skipped this round rather than buffered without bound.
			if (ws.readyState === ws.OPEN && ws.bufferedAmount < 1_000_000) ws.send(data);
		}
	}

	/** Closes every socket with 1001 (going away) and stops the heartbeat. */
	async close(): Promise<void> {
		clearInterval(this.heartbeat);
		for (const { wss } of this.routes.values()) {
			for (const ws of wss.clients) ws.close(1001, 'server shutting down');
			await new Promise<void>((r) => wss.close(() => r()));
		}
	}
}
