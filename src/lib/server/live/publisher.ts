import { FULL_INTRADAY_EVERY_MS, tailIntraday } from '$lib/wallboard/intradayPatch';
import { ALERTS_TOPIC } from '../auth/service';
import type { InAppMessage } from '../notify/inApp';
import type { WsHub, WsRoute } from '../ws/hub';
import type { LiveState } from './liveState';

export const REALTIME_STREAM_PATH = '/api/v1/realtime/stream';

/**
 * Pushes the realtime snapshot to connected boards: at most every `minIntervalMs` while the live
 * state changes (so a burst of events costs one push, and an event reaches the screen within
 * ~minIntervalMs + transport), and at least every `keepaliveMs` so the board can tell fresh from stale.
 *
 * Topics (issue 24): every socket of the stream gets the snapshot (bounded: the intraday series in
 * full only on connect and every FULL_INTRADAY_EVERY_MS, its last interval otherwise) and the
 * headline of L2/L3 notices, which is what the wall-board shows. The alert list and the full in-app
 * notices (contact ids, teams, ack notes, audience) go only to sockets granted ALERTS_TOPIC, i.e.
 * principals that may read GET /api/v1/alerts.
 */
export function startPublisher(opts: {
	hub: WsHub;
	live: LiveState;
	now: () => number;
	minIntervalMs?: number;
	keepaliveMs?: number;
	/** extra fields merged into every snapshot message (e.g. the alert engine's levels) */
	extras?: () => Record<string, unknown>;
	/** access control's decision for upgrades (AccessControl.authorizeUpgrade); without it every upgrade is refused */
	authorize?: WsRoute['authorize'];
}): { route: WsRoute; poke(): void; stop(): void; publishAlerts(msg: AlertPublication): void } {
	const minIntervalMs = opts.minIntervalMs ?? 100;
	const keepaliveMs = opts.keepaliveMs ?? 5_000;
	let lastVersion = -1;
	let lastPushMs = 0;
	let timer: NodeJS.Timeout | null = null;
	let lastFullMs = 0;
	let lastFullDay = -1;
	const push = () => {
		timer = null;
		if (opts.hub.clientCount(REALTIME_STREAM_PATH) === 0) {
			lastVersion = -1;
			return;
		}
		lastVersion = opts.live.version;
		lastPushMs = Date.now();
		const snap = opts.live.snapshot(opts.now());
		const full = lastPushMs - lastFullMs >= FULL_INTRADAY_EVERY_MS || snap.todayStartMs !== lastFullDay;
		if (full) {
			lastFullMs = lastPushMs;
			lastFullDay = snap.todayStartMs;
		}
		opts.hub.broadcast(REALTIME_STREAM_PATH, JSON.stringify({ type: 'snapshot', snapshot: full ? snap : tailIntraday(snap), ...opts.extras?.() }));
	};
	const poke = () => {
		if (timer || opts.live.version === lastVersion) return;
		const wait = Math.max(0, minIntervalMs - (Date.now() - lastPushMs));
		timer = setTimeout(push, wait);
	};
	const keepalive = setInterval(() => {
		if (Date.now() - lastPushMs >= keepaliveMs - 50 && !timer) push();
	}, keepaliveMs);
	keepalive.unref();
	const route: WsRoute = {
		path: REALTIME_STREAM_PATH,
		maxPayload: 4096,
		authorize: (req, url) => opts.authorize?.(req, url) ?? { status: 401, message: 'no access control configured for the board stream' },
		onConnection(ws) {
			ws.send(JSON.stringify({ type: 'snapshot', snapshot: opts.live.snapshot(opts.now()), ...opts.extras?.() }));
			ws.on('message', () => undefined); // boards only listen
		}
	};
	const mayReadAlerts = (g: ReadonlySet<string>) => g.has(ALERTS_TOPIC);
	const publishAlerts = (m: AlertPublication) => {
		if (m.type === 'alerts-changed') {
			opts.hub.broadcast(REALTIME_STREAM_PATH, JSON.stringify({ type: 'alerts', active: m.active }), mayReadAlerts);
			// the banner's summary (issue 17) is board-safe (channel, level, rule name, value vs threshold,
			// opened time): every board gets it, and nothing else of the alert list
			opts.hub.broadcast(REALTIME_STREAM_PATH, JSON.stringify({ type: 'board-alerts', ...opts.extras?.() }));
			return;
		}
		opts.hub.broadcast(REALTIME_STREAM_PATH, JSON.stringify({ type: 'inapp', message: m }), mayReadAlerts);
		const headline = boardNotice(m);
		if (headline) opts.hub.broadcast(REALTIME_STREAM_PATH, JSON.stringify({ type: 'inapp', message: headline }), (g) => !mayReadAlerts(g));
	};
	return {
		route,
		poke,
		publishAlerts,
		stop() {
			clearInterval(keepalive);
			if (timer) clearTimeout(timer);
		}
	};
}

export type AlertPublication = InAppMessage | { type: 'alerts-changed'; active: unknown[]; board: unknown };

/**
 * What a board-only socket learns of a notice: the fields the wall-board renders for L2/L3 (title
 * such as "[L3] chat: 3 alerts", level, chime), nothing of the entries, audience or data.
 */
export function boardNotice(m: InAppMessage): Pick<InAppMessage, 'type' | 'id' | 'title' | 'text' | 'level' | 'kind' | 'sound' | 'createdAtMs'> | null {
	if (m.kind === 'resolved' || m.level < 2) return null;
	return { type: m.type, id: m.id, title: m.title, text: m.title, level: m.level, kind: m.kind, sound: m.sound, createdAtMs: m.createdAtMs };
}
