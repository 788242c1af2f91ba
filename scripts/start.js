// `npm start`: build the app if the build is missing or older than the sources, then run the
// production server with the environment it needs set before Node starts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let max = st.mtimeMs;
	for (const name of readdirSync(path)) max = Math.max(max, newestMtime(join(path, name)));
	return max;
}

const built = existsSync('build/handler.js') ? statSync('build/handler.js').mtimeMs : 0;
const sources = Math.max(
	...['src', 'forecast', 'alerts', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts'].map(newestMtime)
);
if (built < sources) {
	console.log('building the app (vite build)…');
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, ['scripts/server.js'], {
	stdio: 'inherit',
	env: { UV_THREADPOOL_SIZE: '16', ...process.env }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
