import type { Actions, PageServerLoad } from './$types';
import { credentialAction, revokeAction } from '$lib/server/auth/credentialActions';
import { field } from '$lib/server/auth/forms';

export const load: PageServerLoad = async ({ locals }) => {
	return { tokens: locals.runtime.access.listBoardTokens() };
};

// A new token is in the action's answer only (shown once, never stored in clear, never in a load).
export const actions: Actions = {
	create: credentialAction(
		'create',
		async ({ rt, by, fd, event }) => {
			const { record, secret } = await rt.access.boardTokens.create(by, { label: field(fd, 'label') });
			return { created: { id: record.id, label: record.label, token: secret, url: `${event.url.origin}/wallboard?token=${encodeURIComponent(secret)}` } };
		},
		(fd) => ({ label: field(fd, 'label') })
	),
	revoke: revokeAction('boardTokens')
};
