import type { Actions, PageServerLoad } from './$types';
import { revokeAction } from '$lib/server/auth/credentialActions';
import { field, failWith } from '$lib/server/auth/forms';
import { requireUser } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return { tokens: rt.access.listBoardTokens() };
};

// A new token is in the action's answer only (shown once, never stored in clear, never in a load).
export const actions: Actions = {
	create: async (event) => {
		const rt = event.locals.runtime;
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			const { record, secret } = await rt.access.boardTokens.create(by, { label: field(fd, 'label') });
			return { action: 'create', created: { id: record.id, label: record.label, token: secret, url: `${event.url.origin}/wallboard?token=${encodeURIComponent(secret)}` } };
		} catch (err) {
			return failWith(err, { action: 'create', label: field(fd, 'label') });
		}
	},
	revoke: revokeAction('boardTokens')
};
