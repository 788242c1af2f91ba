import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The checks NIST SP 800-63B §5.1.1.2 asks of a new memorised secret beyond its length: compare it
 * against "passwords obtained from previous breach corpuses" and "repetitive or sequential
 * characters". The corpus is zxcvbn-ts's maintained common-password list (49 233 entries in
 * @zxcvbn-ts/language-common 4.x, MIT), compared case-insensitively; repetition is measured as
 * the number of distinct characters (so `aaaaaaaaaaaa` and twelve spaces are refused).
 */
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** Fewest distinct characters (code points) a new password must contain. */
export const PASSWORD_MIN_DISTINCT = 6;

/** Why `password` is too guessable, or null. Length is checked by the caller (roles.ts). */
export function guessablePasswordProblem(password: string): string | null {
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || COMMON.has(lower.trim())) {
		return 'this password is on the list of commonly used (breached) passwords; choose another, e.g. a few unrelated words';
	}
	const distinct = new Set(password).size;
	if (distinct < PASSWORD_MIN_DISTINCT) {
		return `password must contain at least ${PASSWORD_MIN_DISTINCT} different characters (this one has ${distinct})`;
	}
	return null;
}
