import type { Actions, PageServerLoad } from './$types';
import { revokeAction } from '$lib/server/auth/credentialActions';
import { field, failWith } from '$lib/server/auth/forms';
import { requireUser } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return { keys: rt.access.listIngestKeys() };
};

// A new key is in the action's answer only (shown once, never stored in clear, never in a load).
export const actions: Actions = {
	create: async (event) => {
		const rt = event.locals.runtime;
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			const { record, secret } = await rt.access.ingestKeys.create(by, { source: field(fd, 'source'), label: field(fd, 'label') });
			return { action: 'create', created: { id: record.id, source: record.source, key: secret, oldExpiresAtMs: null as number | null } };
		} catch (err) {
			return failWith(err, { action: 'create', source: field(fd, 'source'), label: field(fd, 'label') });
		}
	},
	rotate: async (event) => {
		const rt = event.locals.runtime;
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			const { record, secret, old } = await rt.access.ingestKeys.rotate(by, field(fd, 'id'));
			return { action: 'rotate', created: { id: record.id, source: record.source, key: secret, oldExpiresAtMs: old.expiresAtMs } };
		} catch (err) {
			return failWith(err, { action: 'rotate' });
		}
	},
	revoke: revokeAction('ingestKeys')
};
