import { resolve } from 'node:path';
import { build, type Plugin } from 'vite';

/** File name of the worker bundle, next to adapter-node's handler.js in `build/`. */
export const FORECAST_WORKER_FILE = 'forecast-worker.mjs';

/**
 * Builds the planning forecast's worker thread (src/lib/server/planning/forecastWorkerMain.ts) into
 * `<out>/forecast-worker.mjs` after SvelteKit's adapter has written `<out>` (Kit runs the adapter in
 * a sequential closeBundle; ours is sequential and comes after it). One self-contained ES module:
 * the forecast library and luxon are bundled in, so the thread loads nothing else.
 * `out` must match adapter-node's `out` in svelte.config.js.
 */
export function forecastWorkerPlugin(out = 'build'): Plugin {
	let root = process.cwd();
	let ssrBuild = false;
	return {
		name: 'cs-ops:forecast-worker',
		apply: 'build',
		configResolved(config) {
			root = config.root;
			ssrBuild = Boolean(config.build.ssr);
		},
		closeBundle: {
			sequential: true,
			async handler() {
				if (!ssrBuild) return;
				await build({
					configFile: false,
					root,
					logLevel: 'warn',
					resolve: { alias: { $forecast: resolve(root, 'forecast') } },
					ssr: { noExternal: true },
					build: {
						ssr: resolve(root, 'src/lib/server/planning/forecastWorkerMain.ts'),
						outDir: resolve(root, out),
						emptyOutDir: false,
						copyPublicDir: false,
						minify: false,
						sourcemap: true,
						rollupOptions: { output: { entryFileNames: FORECAST_WORKER_FILE, format: 'es' } }
					}
				});
			}
		}
	};
}
