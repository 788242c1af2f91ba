import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import { LiveState } from '../../src/lib/server/live/liveState';
import { parseViewMessage, startPublisher } from '../../src/lib/server/live/publisher';
import type { WsHub } from '../../src/lib/server/ws/hub';
import { parseServerMessage } from '../../src/lib/realtime/parse';
import { REALTIME_STREAM_PATH, realtimeStreamPath, realtimeViewOf, type InAppMessage, type RealtimeServerMessage } from '../../src/lib/types/realtime';

describe('stream path and view', () => {
	it('puts the view in the query and reads it back', () => {
		expect(realtimeStreamPath()).toBe('/api/v1/realtime/stream');
		expect(realtimeStreamPath({ drill: null, agents: false })).toBe('/api/v1/realtime/stream');
		expect(realtimeStreamPath({ drill: '在线 chat', agents: true })).toBe('/api/v1/realtime/stream?drill=%E5%9C%A8%E7%BA%BF+chat&agents=1');
		const url = new URL(`http://x${realtimeStreamPath({ drill: '在线 chat', agents: true })}`);
		expect(url.pathname).toBe(REALTIME_STREAM_PATH);
		expect(realtimeViewOf(url.searchParams)).toEqual({ drill: '在线 chat', agents: true });
		expect(realtimeViewOf(new URLSearchParams('agents=yes'))).toEqual({ drill: null, agents: false });
	});

	it('accepts a page\'s view message and nothing else', () => {
		expect(parseViewMessage('{"type":"view","drill":"phone"}')).toEqual({ type: 'view', drill: 'phone', agents: undefined });
		expect(parseViewMessage('{"type":"view","drill":null,"agents":true}')).toEqual({ type: 'view', drill: null, agents: true });
		for (const bad of ['', 'view', '[]', 'null', '{"type":"snapshot"}', '{"type":"view","drill":3}', '{"type":"view","agents":"1"}']) expect(parseViewMessage(bad)).toBeNull();
	});
});

/** A socket as `ws` hands it to the route: what it sent, and a way to send it a frame. */
function fakeSocket() {
	const ws = Object.assign(new EventEmitter(), { OPEN: 1, readyState: 1, bufferedAmount: 0, sent: [] as string[] });
	Object.assign(ws, { send: (d: string) => ws.sent.push(d) });
	return ws;
}

describe('what the publisher sends is what the client accepts', () => {
	const NOW = Date.parse('2026-11-23T04:00:00Z');
	const setup = () => {
		const live = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
		const broadcasts: { data: string; toAlerts: boolean; toBoard: boolean }[] = [];
		const hub = {
			clientCount: () => 1,
			broadcast: (_path: string, data: string, to?: (g: ReadonlySet<string>) => boolean) =>
				broadcasts.push({ data, toAlerts: to ? to(new Set(['alerts'])) : true, toBoard: to ? to(new Set()) : true })
		} as unknown as WsHub;
		const pub = startPublisher({
			hub,
			live,
			now: () => NOW,
			authorize: () => ({ ok: true, principal: 'test' }),
			extras: () => ({ alertLevels: { phone: 2 }, boardAlerts: [], boardAlertTotal: 0 })
		});
		return { pub, broadcasts };
	};
	const kinds = (frames: string[]) => frames.map((f) => parseServerMessage(f)?.type ?? `malformed: ${f.slice(0, 80)}`);

	it('on connect: the snapshot, then the drill-down and the agent list the URL asked for', () => {
		const { pub } = setup();
		const ws = fakeSocket();
		pub.route.onConnection(ws as unknown as WebSocket, 'test', { url: realtimeStreamPath({ drill: 'phone', agents: true }) } as IncomingMessage);
		expect(kinds(ws.sent)).toEqual(['snapshot', 'drill', 'agents']);
		const snap = parseServerMessage(ws.sent[0]) as Extract<RealtimeServerMessage, { type: 'snapshot' }>;
		expect(snap.alertLevels).toEqual({ phone: 2 });
		// a view message moves the drill-down; a malformed one is ignored without a throw
		ws.emit('message', Buffer.from('{"type":"view","drill":"chat"}'));
		ws.emit('message', Buffer.from('{"type":"view",'));
		const drill = parseServerMessage(ws.sent[3]) as Extract<RealtimeServerMessage, { type: 'drill' }>;
		expect(drill.drill.channel).toBe('chat');
		expect(ws.sent.length).toBe(4);
		pub.stop();
	});

	it('alert changes: the list to the alerts topic, the banner to every board; notices in full or as a headline', () => {
		const { pub, broadcasts } = setup();
		pub.publishAlerts({ type: 'alerts-changed', active: [], total: 0, board: null });
		const notice: InAppMessage = { type: 'alert-notification', targetId: 'inapp:manager', audience: 'manager', id: 'n1', title: '[L3] chat: 3 alerts', text: 'c1, c2, c3 waiting', level: 3, kind: 'firing', sound: true, createdAtMs: NOW, sourceIds: ['a1'], data: null };
		pub.publishAlerts(notice);
		expect(kinds(broadcasts.map((b) => b.data))).toEqual(['alerts', 'board-alerts', 'inapp', 'inapp']);
		expect(broadcasts.map((b) => [b.toAlerts, b.toBoard])).toEqual([
			[true, false],
			[true, true],
			[true, false],
			[false, true]
		]);
		// the board's headline: title as text, none of the entries (decision 0030)
		expect(JSON.parse(broadcasts[3].data).message).toEqual({ type: 'alert-notification', id: 'n1', title: '[L3] chat: 3 alerts', text: '[L3] chat: 3 alerts', level: 3, kind: 'firing', sound: true, createdAtMs: NOW });
		pub.stop();
	});
});
