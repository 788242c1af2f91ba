import type { RequestEvent } from '@sveltejs/kit';
import { NAV_PAGES, type Navigation } from '$lib/types/navigation';
import { currentUser } from './guard';
import { decide } from './policy';

/**
 * What the navigation bar shows to this request: links only to pages the policy lets this user
 * read (so nobody is offered a page that answers 403), plus who is signed in.
 */
export function navigationFor(event: Pick<RequestEvent, 'locals'>): Navigation {
	const user = currentUser(event);
	if (!user) return { user: null, pages: [] };
	const presented = { user: { roles: user.roles }, board: false, ingestKey: false };
	return {
		user: { username: user.username, displayName: user.displayName },
		pages: NAV_PAGES.filter((p) => decide('GET', p, 'http', presented, { usersExist: true }).allow)
	};
}
