import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { devWebSocketPlugin } from './scripts/vite-dev-websocket';
import { forecastWorkerPlugin } from './scripts/vite-forecast-worker';

export default defineConfig({
	plugins: [sveltekit(), devWebSocketPlugin(), forecastWorkerPlugin('build')],
	test: {
		// chDB must never load inside a worker thread (segfault at exit, see docs/decisions/0002):
		// every project runs in child processes.
		pool: 'forks',
		// Two files at a time, from every project: on a 2-core machine vitest's default ran one, and most
		// e2e/integration time is waiting on servers and the browser (measured: 559 s of test files ran
		// in 636 s of wall time with one worker). The e2e and reliability files run in the same pool:
		// vitest runs projects with `fileParallelism: false` as a separate group *after* all the others,
		// one file at a time, which made their ≈ 335 s a serial tail of the suite. Each file starts its
		// own server on a free port and its own data directory, so two files never share state; no test
		// times an event (latency targets live in bench/).
		maxWorkers: 2,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/**/*.test.ts'],
					exclude: ['tests/**/*.int.test.ts', 'tests/e2e/**', 'tests/reliability/**'],
					environment: 'node',
					// one fork runs many unit files (a fresh process and module graph per file cost more than
					// most of these files take); a file that changes process-wide state restores it
					isolate: false,
					// a hang detector, not a speed limit (speed lives in bench/): a few tests take
					// seconds of CPU, which a busy 2-core machine can stretch past vitest's 5 s default
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/**/*.int.test.ts'],
					exclude: ['tests/e2e/**', 'tests/reliability/**'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.e2e.test.ts'],
					// a directory for this run's demo data, backfilled once by the first file that needs it
					// (tests/helpers/demoData.ts, docs/decisions/0127)
					globalSetup: ['tests/setup/demoTemplate.ts'],
					environment: 'node',
					testTimeout: 180_000,
					hookTimeout: 300_000
				}
			},
			{
				extends: true,
				test: {
					// hostile input, kill -9 trials and the socket-topic RBAC matrix against the production build
					// (issue 24); one server per file
					name: 'reliability',
					include: ['tests/reliability/**/*.rel.test.ts'],
					environment: 'node',
					testTimeout: 180_000,
					hookTimeout: 180_000
				}
			}
		]
	}
});
