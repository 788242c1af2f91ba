import type { Plugin, ViteDevServer } from 'vite';

/**
 * In `vite dev`, routes WebSocket upgrades to the same hub the production server uses.
 * The hub lives in the SvelteKit server code (src/lib/server/app/runtime.ts); we load it
 * through Vite's SSR module graph so dev and the Kit request handlers share one instance.
 * See docs/decisions/0003-websocket-hub.md.
 */
export function devWebSocketPlugin(): Plugin {
	return {
		name: 'cs-ops-dev-websocket',
		apply: 'serve',
		configureServer(server: ViteDevServer) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				const url = req.url ?? '';
				if (!url.startsWith('/api/')) return; // leave Vite's HMR socket alone
				server
					.ssrLoadModule('/src/lib/server/app/runtime.ts')
					.then(async (mod) => {
						const runtime = await mod.startRuntime();
						runtime.handleUpgrade(req, socket, head);
					})
					.catch((err: unknown) => {
						console.error('[dev-websocket] upgrade failed', err);
						socket.destroy();
					});
			});
		}
	};
}
