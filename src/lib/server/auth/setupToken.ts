import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { newSecret } from './secrets';

/**
 * The one-time set-up token: while no user exists the server keeps a random token in
 * `<dataPath>/setup-token` (mode 0600, reused across restarts) and /setup asks for it, so that only
 * someone who can read the server's data directory can create the first admin. Removed once a user exists.
 */
export function setupTokenPath(dataPath: string): string {
	return join(resolve(dataPath), 'setup-token');
}

export function ensureSetupToken(dataPath: string): { path: string; token: string } {
	const path = setupTokenPath(dataPath);
	mkdirSync(resolve(dataPath), { recursive: true });
	let token = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
	if (token.length < 32) {
		token = newSecret();
		writeFileSync(path, `${token}\n`, { mode: 0o600 });
	}
	chmodSync(path, 0o600);
	return { path, token };
}

export function removeSetupToken(dataPath: string): void {
	rmSync(setupTokenPath(dataPath), { force: true });
}
