import type { WsHub, WsRoute } from '../ws/hub';
import type { LiveState } from './liveState';

export const REALTIME_STREAM_PATH = '/api/v1/realtime/stream';

/**
 * Pushes the realtime snapshot to connected boards: at most every `minIntervalMs` while the live
 * state changes (so a burst of events costs one push, and an event reaches the screen within
 * ~minIntervalMs + transport), and at least every `keepaliveMs` so the board can tell fresh from stale.
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
}): { route: WsRoute; poke(): void; stop(): void } {
	const minIntervalMs = opts.minIntervalMs ?? 100;
	const keepaliveMs = opts.keepaliveMs ?? 5_000;
	let lastVersion = -1;
	let lastPushMs = 0;
	let timer: NodeJS.Timeout | null = null;
	const push = () => {
		timer = null;
		if (opts.hub.clientCount(REALTIME_STREAM_PATH) === 0) {
			lastVersion = -1;
			return;
		}
		lastVersion = opts.live.version;
		lastPushMs = Date.now();
		opts.hub.broadcast(REALTIME_STREAM_PATH, JSON.stringify({ type: 'snapshot', snapshot: opts.live.snapshot(opts.now()), ...opts.extras?.() }));
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
	return {
		route,
		poke,
		stop() {
			clearInterval(keepalive);
			if (timer) clearTimeout(timer);
		}
	};
}
