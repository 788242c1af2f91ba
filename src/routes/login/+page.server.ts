import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { field } from '$lib/server/auth/forms';
import { SESSION_COOKIE, currentUser, safeNext, setCookie } from '$lib/server/auth/guard';

export const load: PageServerLoad = async (event) => {
	const rt = event.locals.runtime;
	const next = safeNext(event.url.searchParams.get('next'), event.url);
	if (currentUser(event)) redirect(303, next);
	return { next, usersExist: rt.access.usersExist() };
};

export const actions: Actions = {
	default: async (event) => {
		const rt = event.locals.runtime;
		const fd = await event.request.formData();
		const username = field(fd, 'username');
		const next = safeNext(field(fd, 'next'), event.url);
		const r = await rt.access.signIn.login(username, field(fd, 'password'), event.getClientAddress());
		if (!r.ok) {
			if (r.code === 'login-limited') {
				event.setHeaders({ 'retry-after': String(r.retryAfterSec) });
				return fail(429, { error: r.code, retryAfterSec: r.retryAfterSec, username, next });
			}
			return fail(400, { error: r.code, retryAfterSec: 0, username, next });
		}
		// a new id at every sign-in (no session fixation); a session this browser had before ends
		await rt.access.signIn.logout(event.cookies.get(SESSION_COOKIE));
		setCookie(event.cookies, event.url, SESSION_COOKIE, r.sessionId, r.maxAgeSec);
		redirect(303, next);
	}
};
