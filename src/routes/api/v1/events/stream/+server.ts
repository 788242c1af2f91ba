import type { RequestHandler } from './$types';

/** The WebSocket itself is served by the hub (src/lib/server/ws/hub.ts); a plain GET gets directions. */
export const GET: RequestHandler = () =>
	new Response(JSON.stringify({ error: 'this is a WebSocket endpoint: connect with Upgrade: websocket and an ingest key' }), {
		status: 426,
		headers: { 'content-type': 'application/json', upgrade: 'websocket' }
	});
