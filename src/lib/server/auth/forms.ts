import { fail, type ActionFailure } from '@sveltejs/kit';
import { AuthError, type AuthErrorCode } from './service';

/** A text field of a submitted form ('' when missing or a file). */
export function field(fd: FormData, name: string): string {
	const v = fd.get(name);
	return typeof v === 'string' ? v : '';
}

export function fields(fd: FormData, name: string): string[] {
	return fd.getAll(name).filter((v): v is string => typeof v === 'string');
}

const STATUS: Partial<Record<AuthErrorCode, number>> = {
	'not-found': 404,
	'username-taken': 409,
	'last-admin': 409,
	self: 409,
	inactive: 409,
	configured: 409,
	'setup-token': 403,
	'setup-done': 403,
	storage: 503
};

/** An AuthError as the action's failure (the page shows the message for its code); anything else is rethrown. */
export function failWith<E extends object = object>(err: unknown, extra?: E): ActionFailure<E & { error: AuthErrorCode; detail: string }> {
	if (!(err instanceof AuthError)) throw err;
	return fail(STATUS[err.code] ?? 400, { ...(extra as E), error: err.code, detail: err.message });
}
