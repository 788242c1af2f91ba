import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { field, failWith } from '$lib/server/auth/forms';
import { SESSION_COOKIE, setCookie } from '$lib/server/auth/guard';
import { setupTokenPath } from '$lib/server/auth/setupToken';

// Reached only while no user exists (the policy's 'setup' credential); afterwards GET → /login, POST → 403.
export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return { tokenFile: setupTokenPath(rt.config.storage.dataPath) };
};

export const actions: Actions = {
	default: async (event) => {
		const rt = event.locals.runtime;
		const fd = await event.request.formData();
		const username = field(fd, 'username');
		const displayName = field(fd, 'displayName');
		let r: { sessionId: string; maxAgeSec: number };
		try {
			r = await rt.access.signIn.completeSetup(
				{ token: field(fd, 'token'), username, displayName, password: field(fd, 'password'), confirm: field(fd, 'confirm') },
				event.getClientAddress()
			);
		} catch (err) {
			return failWith(err, { username, displayName });
		}
		setCookie(event.cookies, event.url, SESSION_COOKIE, r.sessionId, r.maxAgeSec);
		redirect(303, '/admin/users');
	}
};
