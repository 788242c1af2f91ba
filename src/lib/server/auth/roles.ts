/**
 * Roles and the rules for names and passwords (docs/decisions/0007-access-control.md).
 * - supervisor: boards and realtime; reads alerts
 * - planner: planning pages and scenarios
 * - manager: alert rules, inbox, silences; reads planning
 * - admin: users, keys, board tokens, config — and everything the other roles may do
 */
import { guessablePasswordProblem } from './passwordRules';

export const ROLES = ['supervisor', 'planner', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (x: unknown): x is Role => typeof x === 'string' && (ROLES as readonly string[]).includes(x);

/** Login names: lower-case ASCII so that "Admin" and "admin" are one account; display names are free text. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** NIST SP 800-63B §5.1.1.2 asks for at least 8; we ask 12 (issue 10 design), and cap at 256 to bound hashing work. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const DISPLAY_NAME_MAX_LENGTH = 100;
export const LABEL_MAX_LENGTH = 100;
/** Ingest sources become a column value in every event they send (contact_events.source). */
export const SOURCE_RE = /^[a-z][a-z0-9_]{0,31}$/;

export const normaliseUsername = (raw: string): string => raw.trim().toLowerCase();

/** Problems with a new password, or null. Length is counted in code points, so 中文 passwords count fairly. */
export function passwordProblem(password: string): string | null {
	const n = [...password].length;
	if (n < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters`;
	if (n > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} characters`;
	return guessablePasswordProblem(password);
}

export function usernameProblem(username: string): string | null {
	return USERNAME_RE.test(username)
		? null
		: "username must be 2-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";
}

/** Free text (display names, labels): any characters but control characters, bounded length. */
export function freeTextProblem(field: string, value: string, max: number): string | null {
	if ([...value].length > max) return `${field} must be at most ${max} characters`;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(value)) return `${field} must not contain control characters`;
	return null;
}
