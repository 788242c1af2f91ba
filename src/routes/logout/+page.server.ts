import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SESSION_COOKIE, currentUser } from '$lib/server/auth/guard';

// Signing out is a POST (a link or an image must not be able to sign someone out); GET shows the button.
export const load: PageServerLoad = (event) => ({ signedIn: currentUser(event) !== null });

export const actions: Actions = {
	default: async (event) => {
		const rt = event.locals.runtime;
		await rt.access.signIn.logout(event.cookies.get(SESSION_COOKIE));
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
