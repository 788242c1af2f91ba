import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/app/runtime';
import { field, failWith } from '$lib/server/auth/forms';
import { requireUser } from '$lib/server/auth/guard';

export const load: PageServerLoad = async () => {
	const rt = await getRuntime();
	return { tokens: rt.access.listBoardTokens() };
};

export const actions: Actions = {
	create: async (event) => {
		const rt = await getRuntime();
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			const b = await rt.access.createBoardToken(by, field(fd, 'label'));
			return { action: 'create', created: { ...b, url: `${event.url.origin}/wallboard?token=${encodeURIComponent(b.token)}` } };
		} catch (err) {
			return failWith(err, { action: 'create', label: field(fd, 'label') });
		}
	},
	revoke: async (event) => {
		const rt = await getRuntime();
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			await rt.access.revokeBoardToken(by, field(fd, 'id'));
		} catch (err) {
			return failWith(err, { action: 'revoke' });
		}
		return { action: 'revoke', revoked: field(fd, 'id') };
	}
};
