// `npm test`: everything a fresh clone needs, in order — type-check, build (the server tests run the
// real production server), then unit, integration and browser tests. Fails on the first failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const node = process.execPath;
const steps = [
	['svelte-kit sync', [node, 'node_modules/@sveltejs/kit/svelte-kit.js', 'sync']],
	['type-check (svelte-check)', [node, 'node_modules/svelte-check/bin/svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']],
	['build', [node, 'node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']]
];

const hasE2e = existsSync('tests/e2e') && readdirSync('tests/e2e').some((f) => f.endsWith('.e2e.test.ts'));
if (hasE2e && !findChromium()) {
	if (process.getuid?.() === 0) {
		steps.unshift(['install Debian chromium for browser tests', ['bash', '-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']]);
	} else {
		console.error('browser tests need Debian chromium at /usr/bin/chromium: run `sudo apt-get install chromium`');
		process.exit(1);
	}
}
steps.push(['tests (unit, integration, e2e)', [node, 'node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]]);

for (const [name, [cmd, ...args]] of steps) {
	const t0 = Date.now();
	console.log(`\n▶ ${name}`);
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, UV_THREADPOOL_SIZE: '16' } });
	if (r.status !== 0) {
		console.error(`\n✖ ${name} failed (exit ${r.status ?? r.signal})`);
		process.exit(r.status || 1);
	}
	console.log(`✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

function findChromium() {
	return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
}
