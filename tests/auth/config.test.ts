import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../src/lib/server/config/config';

// Oracle: the settings documented in README "Configuration" (auth rows) and docs/decisions/0007.
describe('auth settings', () => {
	it('defaults: 30 min idle, 12 h absolute (NIST SP 800-63B AAL2), 5 failures / 15 min, 24 h key grace', () => {
		const c = loadConfig({ env: {} });
		expect(c.auth).toEqual({
			sessionIdleSec: 1800,
			sessionMaxSec: 43200,
			loginMaxFailures: 5,
			loginWindowSec: 900,
			ingestKeyGraceSec: 86400,
			initialAdmin: null,
			boardTokens: []
		});
	});

	it('reads the first admin and board tokens from env and masks them in logs and views', () => {
		const c = loadConfig({ env: { ADMIN_USERNAME: ' Root ', ADMIN_PASSWORD: 'a-secret-password', BOARD_TOKENS: 'tv:board-secret-0123456' } });
		expect(c.auth.initialAdmin).toEqual({ username: 'root', password: 'a-secret-password' });
		const shown = JSON.stringify(redactConfig(c));
		expect(shown).not.toContain('a-secret-password');
		expect(shown).not.toContain('board-secret-0123456');
		expect(shown).toContain('"initialAdmin":{"username":"root","password":"***"}');
	});

	it('refuses half an admin, a short password and bad tokens, never echoing a secret', () => {
		let err: ConfigError | null = null;
		try {
			loadConfig({ env: { ADMIN_USERNAME: 'x y', ADMIN_PASSWORD: 'short-pw', BOARD_TOKENS: 'tv:tiny-secret', SESSION_MAX_SEC: '0' } });
		} catch (e) {
			err = e as ConfigError;
		}
		expect(err?.problems).toEqual([
			'SESSION_MAX_SEC = "0": must be a whole number from 1 to 7776000',
			"ADMIN_USERNAME = \"x y\": must be 2-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
			'ADMIN_PASSWORD: must be at least 12 characters (value not shown)',
			'BOARD_TOKENS entry 1: must be label:token with a label matching /^[a-z][a-z0-9_]{0,31}$/ and a token of at least 16 characters'
		]);
		expect(err?.message).not.toContain('short-pw');
		expect(err?.message).not.toContain('tiny-secret');
		expect(() => loadConfig({ env: { ADMIN_PASSWORD: 'only-a-password' } })).toThrow(/set both/);
	});
});
