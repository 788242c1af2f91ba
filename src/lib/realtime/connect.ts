/**
 * The one browser client of the realtime stream (`/api/v1/realtime/stream`, decisions 0030 and 0070):
 * the wall-board, the agent list, the overview and the alert inbox all connect through it, with one
 * reconnect policy (decision 0110) and typed handlers per message kind.
 *
 * @example
 * const rt = connectRealtime({ view: { drill: 'chat' }, on: { snapshot: (m) => (pushed = m.snapshot) }, onStatus: (s) => (status = s) });
 * // on page destroy:
 * rt.close();
 */
import { REALTIME_KEEPALIVE_MS, realtimeStreamPath, SOCKET_HEARTBEAT_MS, type RealtimeClientMessage, type RealtimeMessageOf, type RealtimeMessageType, type RealtimeView } from '$lib/types/realtime';
import { parseServerMessage } from './parse';

export interface ReconnectPolicy {
	/** ceiling of the first retry's delay */
	baseMs: number;
	/** each failed attempt multiplies the ceiling by this */
	factor: number;
	/** the ceiling never exceeds this */
	capMs: number;
	/** share of the ceiling taken off at random (0.5: "equal jitter", a delay in [ceiling/2, ceiling]) */
	jitter: number;
	/** the server answered 503 "starting" (decision 0100): retry after its Retry-After */
	startingRetryMs: number;
	/** no message for this long: the page shows its data as stale (the server pushes at least every 5 s) */
	staleAfterMs: number;
	/** no message for this long while open: the socket is given up and a new one opened */
	deadAfterMs: number;
	/** how often the stale/dead watch looks */
	watchMs: number;
}

/**
 * The policy (decision 0110). Delay before retry n (n = failed attempts since the last message, from 0):
 * `min(capMs, baseMs × factor^n) × (1 − jitter × r)`, r uniform in [0, 1): 250–500 ms, 500–1000 ms,
 * 1–2 s, 2–4 s, 4–8 s, then 5–10 s for ever. Stale after 2 × 5 s keep-alive + 2 s = 12 s (two
 * pushes missed, the board's rule before); given up after 2 × 15 s heartbeat + 5 s = 35 s (by then the
 * server itself has dropped a peer that does not answer its pings).
 */
export const RECONNECT_POLICY: ReconnectPolicy = {
	baseMs: 500,
	factor: 2,
	capMs: 10_000,
	jitter: 0.5,
	startingRetryMs: 2_000,
	staleAfterMs: 2 * REALTIME_KEEPALIVE_MS + 2_000,
	deadAfterMs: 2 * SOCKET_HEARTBEAT_MS + REALTIME_KEEPALIVE_MS,
	watchMs: 1_000
};

/** The delay before retry `attempt` (0 = the first), `random` in [0, 1): see RECONNECT_POLICY. */
export function retryDelayMs(attempt: number, random: number, policy: ReconnectPolicy = RECONNECT_POLICY): number {
	const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** attempt);
	return Math.round(ceiling * (1 - policy.jitter * random));
}

/** Close code the client records when it gives up a socket that stopped delivering (no server sends it). */
export const CLOSE_SILENT = 4000;

export interface RealtimeStatus {
	/** connecting: a socket is opening; open: upgraded; retrying: closed, a retry is scheduled; closed: the page closed it */
	state: 'connecting' | 'open' | 'retrying' | 'closed';
	/** open and a message arrived within staleAfterMs: what the pages show as "live" */
	live: boolean;
	/** browser clock (Date.now) of the last valid message, null before the first */
	lastMessageAtMs: number | null;
	/** failed attempts since the last valid message */
	attempt: number;
	/** when the scheduled retry runs (browser clock), null unless retrying */
	retryAtMs: number | null;
	/** the server is starting (decision 0100): the step it reported; null otherwise */
	starting: string | null;
	/** the last close code (1001 server going away, 1006 lost, CLOSE_SILENT given up), null before any close */
	lastCloseCode: number | null;
	/** frames ignored: not JSON, of no known kind, or without their kind's fields */
	malformed: number;
}

/** A handler per message kind, typed by the kind. */
export type RealtimeHandlers = { [K in RealtimeMessageType]?: (message: RealtimeMessageOf<K>) => void };

/** The part of the browser's WebSocket the client uses (tests inject a fake). */
export interface SocketLike {
	readonly readyState: number;
	onopen: ((ev: unknown) => void) | null;
	onmessage: ((ev: { data: unknown }) => void) | null;
	onclose: ((ev: { code: number }) => void) | null;
	onerror: ((ev: unknown) => void) | null;
	send(data: string): void;
	close(code?: number, reason?: string): void;
}
export type SocketFactory = new (url: string) => SocketLike;

const OPEN = 1;

export interface ConnectOptions {
	/** drill-down channel and/or agent list (decision 0070); change it later with `setView` */
	view?: RealtimeView;
	on: RealtimeHandlers;
	/** called on every status change (state, live, a message's arrival, a retry being scheduled) */
	onStatus?: (status: RealtimeStatus) => void;
	policy?: Partial<ReconnectPolicy>;
	/** the WebSocket class (default: the browser's) */
	WebSocket?: SocketFactory;
	/** the socket URL for a path (default: this page's host, ws: or wss: as the page) */
	url?: (path: string) => string;
	/** after an upgrade failed: the step if the server answered 503 "starting", else null (default: GET /api/health) */
	probeStarting?: () => Promise<string | null>;
	random?: () => number;
	now?: () => number;
}

export interface RealtimeConnection {
	/** sends when open; false when there is no open socket (the next socket asks with its URL) */
	send(message: RealtimeClientMessage): boolean;
	/** changes what this page views: told to the open socket, and used for every reconnect */
	setView(view: RealtimeView): void;
	/** the current status (the same object onStatus last received) */
	readonly status: RealtimeStatus;
	/** stops for good: closes the socket, cancels a scheduled retry and the watch */
	close(): void;
}

/** Decision 0100: while the runtime rebuilds, /api/health answers 503 {status: "starting", step}. */
export async function probeHealthStarting(): Promise<string | null> {
	try {
		const r = await fetch('/api/health', { cache: 'no-store' });
		if (r.status !== 503) return null;
		const body = (await r.json()) as { status?: unknown; step?: unknown };
		return body.status === 'starting' ? String(body.step ?? '') : null;
	} catch {
		return null; // refused or offline: an ordinary failed attempt
	}
}

const pageUrl = (path: string) => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;

export function connectRealtime(opts: ConnectOptions): RealtimeConnection {
	const policy: ReconnectPolicy = { ...RECONNECT_POLICY, ...opts.policy };
	const Socket = opts.WebSocket ?? (globalThis.WebSocket as unknown as SocketFactory);
	const url = opts.url ?? pageUrl;
	const probe = opts.probeStarting ?? probeHealthStarting;
	const random = opts.random ?? Math.random;
	const now = opts.now ?? Date.now;
	let view: RealtimeView = { ...opts.view };
	let ws: SocketLike | null = null;
	let opened = false;
	let openedAtMs = 0;
	let stopped = false;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;
	let status: RealtimeStatus = { state: 'connecting', live: false, lastMessageAtMs: null, attempt: 0, retryAtMs: null, starting: null, lastCloseCode: null, malformed: 0 };
	const set = (patch: Partial<RealtimeStatus>) => {
		status = { ...status, ...patch };
		opts.onStatus?.(status);
	};

	const retry = (delayMs: number, patch: Partial<RealtimeStatus>) => {
		set({ ...patch, state: 'retrying', live: false, retryAtMs: now() + delayMs });
		retryTimer = setTimeout(open, delayMs);
	};

	const closed = (code: number) => {
		ws = null;
		if (stopped) return;
		if (opened) {
			// 1001: the server is going away (a restart): start the backoff again from its shortest delay
			const attempt = code === 1001 ? 0 : status.attempt;
			retry(retryDelayMs(attempt, random(), policy), { attempt: attempt + 1, lastCloseCode: code, starting: null });
			return;
		}
		// The upgrade failed: a browser does not tell why. A server still starting says so on /api/health
		// (decision 0100) and when to come back; anything else is one more failed attempt.
		set({ state: 'retrying', live: false, lastCloseCode: code });
		void probe().then((step) => {
			if (stopped || ws) return;
			if (step !== null) retry(policy.startingRetryMs, { starting: step });
			else retry(retryDelayMs(status.attempt, random(), policy), { attempt: status.attempt + 1, starting: null });
		});
	};

	/** Detaches and closes a socket without waiting for its close handshake (a dead link may never finish it). */
	const drop = (s: SocketLike, code: number) => {
		s.onopen = s.onmessage = s.onclose = s.onerror = null;
		try {
			s.close(code === CLOSE_SILENT ? CLOSE_SILENT : 1000);
		} catch {
			/* already closing */
		}
	};

	function open() {
		retryTimer = undefined;
		if (stopped) return;
		opened = false;
		set({ state: 'connecting', retryAtMs: null });
		const s = new Socket(url(realtimeStreamPath(view)));
		ws = s;
		s.onopen = () => {
			opened = true;
			openedAtMs = now();
			set({ state: 'open', starting: null });
		};
		s.onmessage = (ev) => {
			const m = parseServerMessage(ev.data);
			if (!m) {
				set({ malformed: status.malformed + 1 });
				return;
			}
			set({ live: true, lastMessageAtMs: now(), attempt: 0 });
			const handler = opts.on[m.type] as ((message: typeof m) => void) | undefined;
			handler?.(m);
		};
		s.onerror = () => {
			/* a close event follows */
		};
		s.onclose = (ev) => closed(ev.code);
	}

	const watch = setInterval(() => {
		if (status.state !== 'open' || !ws) return;
		const ageMs = now() - (status.lastMessageAtMs !== null && status.lastMessageAtMs >= openedAtMs ? status.lastMessageAtMs : openedAtMs);
		if (ageMs > policy.deadAfterMs) {
			const s = ws;
			drop(s, CLOSE_SILENT);
			closed(CLOSE_SILENT);
		} else if (status.live && ageMs > policy.staleAfterMs) set({ live: false });
	}, policy.watchMs);

	open();

	const send = (message: RealtimeClientMessage): boolean => {
		if (!ws || ws.readyState !== OPEN) return false;
		ws.send(JSON.stringify(message));
		return true;
	};
	return {
		send,
		setView(next) {
			view = { ...next };
			send({ type: 'view', drill: view.drill ?? null, ...(view.agents ? { agents: true } : {}) });
		},
		get status() {
			return status;
		},
		close() {
			if (stopped) return;
			stopped = true;
			clearTimeout(retryTimer);
			clearInterval(watch);
			if (ws) drop(ws, 1000);
			ws = null;
			set({ state: 'closed', live: false, retryAtMs: null });
		}
	};
}
