/**
 * `npm start -- --print-config`: the effective configuration (defaults < CSOPS_CONFIG file <
 * environment) as the server would load it, secrets masked, as JSON on stdout. Exit 1 with every
 * problem listed when it is invalid — the same check the server makes at start.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, redactConfig } from '../src/lib/server/config/config';

try {
	const config = loadConfig({ env: process.env, readFile: (p) => readFileSync(p, 'utf8') });
	console.log(JSON.stringify(redactConfig(config), null, 2));
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(err.message);
		process.exit(1);
	}
	throw err;
}
