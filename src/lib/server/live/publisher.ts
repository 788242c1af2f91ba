import { FULL_INTRADAY_EVERY_MS, tailIntraday } from '$lib/wallboard/intradayPatch';
import type { WebSocket } from 'ws';
import {
	encodeRealtime,
	REALTIME_KEEPALIVE_MS,
	REALTIME_STREAM_PATH,
	REALTIME_TOPICS,
	realtimeViewOf,
	type AgentRow,
	type AlertSummary,
	type BoardAlertFields,
	type BoardNotice,
	type InAppMessage,
	type ViewMessage
} from '$lib/types/realtime';
import type { WsHub, WsRoute } from '../ws/hub';
import type { LiveState } from './liveState';

/** a socket's extra view (issue 18): one channel's drill-down and/or the live agent list */
interface SocketView {
	drill: string | null;
	agents: boolean;
	/** the agent rows this socket was last sent, as JSON by agent id (the next push sends the difference) */
	sentAgents: Map<string, string> | null;
}

/** at most this many teams per drill-down message (a board shows a dozen; keeps the payload bounded) */
export const MAX_DRILL_TEAMS = 40;
/** drill-down and agent-list pushes: at most every this many ms while the state changes (≈ 3 ms of work each at 500 agents / 2 000 waiting) */
export const VIEW_INTERVAL_MS = 250;

/** The difference between what a socket was sent and the current rows: changed/new rows and removed ids. */
export function agentDiff(sent: Map<string, string> | null, rows: AgentRow[]): { full: boolean; upsert: AgentRow[]; remove: string[]; next: Map<string, string> } {
	const next = new Map<string, string>();
	const upsert: AgentRow[] = [];
	for (const r of rows) {
		const text = JSON.stringify(r);
		next.set(r.agentId, text);
		if (sent?.get(r.agentId) !== text) upsert.push(r);
	}
	const remove = sent ? [...sent.keys()].filter((id) => !next.has(id)) : [];
	return { full: sent === null, upsert, remove, next };
}

/** No alert service (tests, a runtime still starting): boards show no engine levels and no banner. */
const NO_BOARD_ALERTS = (): BoardAlertFields => ({ alertLevels: {}, boardAlerts: [], boardAlertTotal: 0 });

/**
 * A page's `{type: "view"}` message, or null for anything else (not JSON, another type, wrong field
 * types): boards otherwise only listen, and bad input never crashes the server.
 */
export function parseViewMessage(text: string): ViewMessage | null {
	let m: unknown;
	try {
		m = JSON.parse(text);
	} catch {
		return null;
	}
	if (typeof m !== 'object' || m === null || (m as { type?: unknown }).type !== 'view') return null;
	const { drill, agents } = m as { drill?: unknown; agents?: unknown };
	if (drill !== undefined && drill !== null && typeof drill !== 'string') return null;
	if (agents !== undefined && typeof agents !== 'boolean') return null;
	return { type: 'view', drill: drill ?? null, agents };
}

/**
 * Pushes the realtime snapshot to connected boards: at most every `minIntervalMs` while the live
 * state changes (so a burst of events costs one push, and an event reaches the screen within
 * ~minIntervalMs + transport), and at least every `keepaliveMs` so the board can tell fresh from stale.
 *
 * Topics (issue 24): every socket of the stream gets the snapshot (bounded: the intraday series in
 * full only on connect and every FULL_INTRADAY_EVERY_MS, its last interval otherwise) and the
 * headline of L2/L3 notices, which is what the wall-board shows. The alert list and the full in-app
 * notices (contact ids, teams, ack notes, audience) go only to sockets granted the `alerts` topic (REALTIME_TOPICS.alerts), i.e.
 * principals that may read GET /api/v1/alerts. Every message is a `RealtimeServerMessage`
 * ($lib/types/realtime), written by `encodeRealtime`.
 */
export function startPublisher(opts: {
	hub: WsHub;
	live: LiveState;
	now: () => number;
	minIntervalMs?: number;
	keepaliveMs?: number;
	/** the board-safe alert figures sent with every snapshot and on every alert change (the alert engine's) */
	extras?: () => BoardAlertFields;
	/** access control's decision for upgrades (AccessControl.authorizeUpgrade); without it every upgrade is refused */
	authorize?: WsRoute['authorize'];
	/** configured queue ids in display order (the drill-down lists every one, with or without traffic) */
	queueIds?: readonly string[];
}): { route: WsRoute; poke(): void; stop(): void; publishAlerts(msg: AlertPublication): void } {
	const minIntervalMs = opts.minIntervalMs ?? 100;
	const boardAlerts = opts.extras ?? NO_BOARD_ALERTS;
	const keepaliveMs = opts.keepaliveMs ?? REALTIME_KEEPALIVE_MS;
	let lastVersion = -1;
	let lastPushMs = 0;
	let timer: NodeJS.Timeout | null = null;
	let lastFullMs = 0;
	let lastFullDay = -1;
	// Drill-down and agent list (issue 18): only sockets that asked for them (?drill=<channel>,
	// ?agents=1, or a {type:'view'} message) get them, on their own, slower cadence.
	const views = new Map<WebSocket, SocketView>();
	let viewTimer: NodeJS.Timeout | null = null;
	let lastViewMs = 0;
	const drillMessage = (channel: string) => {
		const d = opts.live.drill(channel, opts.now(), opts.queueIds);
		if (!d) return null;
		return encodeRealtime({ type: 'drill', drill: { ...d, teams: d.teams.slice(0, MAX_DRILL_TEAMS), teamsTotal: d.teams.length } });
	};
	const sendView = (ws: WebSocket, v: SocketView, drillCache: Map<string, string | null>, rows: AgentRow[] | null) => {
		if (ws.readyState !== ws.OPEN || ws.bufferedAmount >= 1_000_000) return;
		if (v.drill) {
			if (!drillCache.has(v.drill)) drillCache.set(v.drill, drillMessage(v.drill));
			const m = drillCache.get(v.drill);
			if (m) ws.send(m);
		}
		if (v.agents && rows) {
			const d = agentDiff(v.sentAgents, rows);
			v.sentAgents = d.next;
			if (d.full || d.upsert.length > 0 || d.remove.length > 0) ws.send(encodeRealtime({ type: 'agents', asOfMs: opts.now(), full: d.full, upsert: d.upsert, remove: d.remove }));
		}
	};
	const pushViews = () => {
		viewTimer = null;
		lastViewMs = Date.now();
		const drillCache = new Map<string, string | null>();
		let rows: AgentRow[] | null = null;
		for (const [ws, v] of views) {
			if (v.agents && !rows) rows = opts.live.agentRows();
			sendView(ws, v, drillCache, rows);
		}
	};
	const scheduleViews = () => {
		if (viewTimer || views.size === 0) return;
		viewTimer = setTimeout(pushViews, Math.max(0, VIEW_INTERVAL_MS - (Date.now() - lastViewMs)));
	};
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
		opts.hub.broadcast(REALTIME_STREAM_PATH, encodeRealtime({ type: 'snapshot', snapshot: full ? snap : tailIntraday(snap), ...boardAlerts() }));
		scheduleViews();
	};
	const poke = () => {
		if (opts.live.version !== lastVersion) scheduleViews(); // on their own timer, not after the snapshot's
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
		onConnection(ws, _principal, req) {
			ws.send(encodeRealtime({ type: 'snapshot', snapshot: opts.live.snapshot(opts.now()), ...boardAlerts() }));
			const url = new URL(req.url ?? '/', 'http://localhost');
			const view: SocketView = { drill: null, agents: false, sentAgents: null };
			const apply = (drill: string | null, agents: boolean) => {
				// only a configured channel id or nothing; anything else is ignored (bad input never crashes)
				view.drill = drill !== null && opts.live.hasChannel(drill) ? drill : null;
				view.agents = agents;
				if (!view.agents) view.sentAgents = null;
				if (view.drill || view.agents) {
					views.set(ws, view);
					sendView(ws, view, new Map(), view.agents ? opts.live.agentRows() : null);
				} else views.delete(ws);
			};
			const asked = realtimeViewOf(url.searchParams);
			apply(asked.drill, asked.agents);
			// a board may change what it views (the drill-down's rotation): {"type":"view","drill":"phone"}
			ws.on('message', (data) => {
				const m = parseViewMessage(String(data));
				if (m) apply(m.drill ?? null, m.agents === true || view.agents);
			});
			ws.on('close', () => views.delete(ws));
		}
	};
	const mayReadAlerts = (g: ReadonlySet<string>) => g.has(REALTIME_TOPICS.alerts);
	const publishAlerts = (m: AlertPublication) => {
		if (m.type === 'alerts-changed') {
			// at most ALERTS_TOPIC_MAX summaries and the total (alerts/service.ts); reuse their JSON when the service has it (same bytes as encodeRealtime)
			opts.hub.broadcast(REALTIME_STREAM_PATH, m.activeJson !== undefined ? `{"type":"alerts","total":${m.total},"active":${m.activeJson}}` : encodeRealtime({ type: 'alerts', total: m.total, active: m.active }), mayReadAlerts);
			// the banner's summary (issue 17) is board-safe (channel, level, rule name, value vs threshold,
			// opened time): every board gets it, and nothing else of the alert list
			opts.hub.broadcast(REALTIME_STREAM_PATH, encodeRealtime({ type: 'board-alerts', ...boardAlerts() }));
			return;
		}
		opts.hub.broadcast(REALTIME_STREAM_PATH, encodeRealtime({ type: 'inapp', message: m }), mayReadAlerts);
		const headline = boardNotice(m);
		if (headline) opts.hub.broadcast(REALTIME_STREAM_PATH, encodeRealtime({ type: 'inapp', message: headline }), (g) => !mayReadAlerts(g));
	};
	return {
		route,
		poke,
		publishAlerts,
		stop() {
			clearInterval(keepalive);
			if (timer) clearTimeout(timer);
			if (viewTimer) clearTimeout(viewTimer);
		}
	};
}

export type AlertPublication = InAppMessage | { type: 'alerts-changed'; active: AlertSummary[]; total: number; board: unknown; /** JSON.stringify(active), when the sender has it */ activeJson?: string };

/**
 * What a board-only socket learns of a notice: the fields the wall-board renders for L2/L3 (title
 * such as "[L3] chat: 3 alerts", level, chime), nothing of the entries, audience or data.
 */
export function boardNotice(m: InAppMessage): BoardNotice | null {
	if (m.kind === 'resolved' || m.level < 2) return null;
	return { type: m.type, id: m.id, title: m.title, text: m.title, level: m.level, kind: m.kind, sound: m.sound, createdAtMs: m.createdAtMs };
}
