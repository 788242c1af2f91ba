import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/lib/server/auth/roles';

// Issue 24's attack run: these three were accepted as new passwords. NIST SP 800-63B §5.1.1.2 asks
// for a breached-password blocklist and a check for repetitive characters.
describe('new-password rules', () => {
	it.each([
		['aaaaaaaaaaaa', /at least 6 different characters \(this one has 1\)/],
		['            ', /at least 6 different characters \(this one has 1\)/],
		['abababababab', /this one has 2/],
		// in the zxcvbn-ts common-passwords list (@zxcvbn-ts/language-common, passwords-common)
		['password1234', /commonly used \(breached\) passwords/],
		['PASSWORD1234', /commonly used/],
		['qwerty123456', /commonly used/],
		['short', /at least 12 characters/]
	])('refuses %j', (pw, rule) => {
		expect(passwordProblem(pw)).toMatch(rule);
	});

	it.each(['correct horse battery staple', 'a-long-test-password', '客服中心排班密码不常见哦'])('accepts %j', (pw) => {
		expect(passwordProblem(pw)).toBeNull();
	});
});
