import type { Actions, PageServerLoad } from './$types';
import { credentialAction, revokeAction } from '$lib/server/auth/credentialActions';
import { field } from '$lib/server/auth/forms';

export const load: PageServerLoad = async ({ locals }) => {
	return { keys: locals.runtime.access.listIngestKeys() };
};

// A new key is in the action's answer only (shown once, never stored in clear, never in a load).
export const actions: Actions = {
	create: credentialAction(
		'create',
		async ({ rt, by, fd }) => {
			const { record, secret } = await rt.access.ingestKeys.create(by, { source: field(fd, 'source'), label: field(fd, 'label') });
			return { created: { id: record.id, source: record.source, key: secret, oldExpiresAtMs: null as number | null } };
		},
		(fd) => ({ source: field(fd, 'source'), label: field(fd, 'label') })
	),
	rotate: credentialAction('rotate', async ({ rt, by, fd }) => {
		const { record, secret, old } = await rt.access.ingestKeys.rotate(by, field(fd, 'id'));
		return { created: { id: record.id, source: record.source, key: secret, oldExpiresAtMs: old.expiresAtMs as number | null } };
	}),
	revoke: revokeAction('ingestKeys')
};
