import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: false }),
		// The origin check lives in src/hooks.server.ts: it must cover JSON endpoints too, and must
		// not apply to the bearer-key ingest API (machine clients send no Origin). See docs/decisions/0005.
		csrf: { trustedOrigins: ['*'] },
		alias: {
			$forecast: 'forecast',
			$alerts: 'alerts'
		},
		typescript: {
			// The framework-free libraries, the scripts and the benchmarks are type-checked with the app.
			config(tsconfig) {
				tsconfig.include.push(
					'../forecast/**/*.ts',
					'../alerts/**/*.ts',
					'../scripts/**/*.ts',
					'../bench/**/*.ts',
					'../tests/**/*.ts'
				);
				return tsconfig;
			}
		}
	}
};

export default config;
