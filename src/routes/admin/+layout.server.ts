import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';

// The guard in hooks already let only admins in; the pages show secrets once, so nothing here is cached or framed.
export const load: LayoutServerLoad = async (event) => {
	const rt = event.locals.runtime;
	const user = requireUser(event);
	event.setHeaders({ 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' });
	return { user: { username: user.username, displayName: user.displayName, roles: user.roles }, timezone: rt.config.timezone };
};
