import { DISPLAY_NAME_MAX_LENGTH, freeTextProblem, isRole, type Role } from './roles';

/** Failures a person can act on; `code` picks the message in src/lib/i18n/auth.ts. */
export type AuthErrorCode =
	| 'username-invalid'
	| 'username-taken'
	| 'password-invalid'
	| 'password-mismatch'
	| 'roles-invalid'
	| 'text-invalid'
	| 'source-invalid'
	| 'not-found'
	| 'last-admin'
	| 'self'
	| 'setup-token'
	| 'setup-done'
	| 'inactive'
	| 'configured'
	| 'storage';

export class AuthError extends Error {
	constructor(
		readonly code: AuthErrorCode,
		message: string
	) {
		super(message);
		this.name = 'AuthError';
	}
}

export function checkRoles(raw: string[]): Role[] {
	const roles = [...new Set(raw)];
	if (roles.length === 0 || !roles.every(isRole)) {
		throw new AuthError('roles-invalid', 'choose at least one role of supervisor, planner, manager, admin');
	}
	return roles as Role[];
}

/** Trimmed free text (labels, display names) or an AuthError naming the field and the rule. */
export function checkText(field: string, raw: string, max: number = DISPLAY_NAME_MAX_LENGTH): string {
	const v = raw.trim();
	const p = freeTextProblem(field, v, max);
	if (p) throw new AuthError('text-invalid', p);
	return v;
}

/** A failed write of an access-control record, as the message an admin sees. */
export function storageError(err: unknown): never {
	if (err instanceof AuthError) throw err;
	throw new AuthError('storage', `not saved: storage failed (${(err as Error).message})`);
}

/**
 * Runs admin changes of one kind of record one after another (each reads the in-memory records, awaits
 * storage, then updates them): two concurrent changes never both read the state before the other.
 */
export function serialQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
	let chain: Promise<unknown> = Promise.resolve();
	return <T>(fn: () => Promise<T>): Promise<T> => {
		const run = chain.then(fn, fn);
		chain = run.catch(() => undefined);
		return run;
	};
}
