import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/app/runtime';
import { field, failWith } from '$lib/server/auth/forms';
import { requireUser } from '$lib/server/auth/guard';

export const load: PageServerLoad = async () => {
	const rt = await getRuntime();
	return { keys: rt.access.listIngestKeys() };
};

// A new key is in the action's answer only (shown once, never stored in clear, never in a load).
export const actions: Actions = {
	create: async (event) => {
		const rt = await getRuntime();
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			const k = await rt.access.createIngestKey(by, field(fd, 'source'), field(fd, 'label'));
			return { action: 'create', created: { ...k, oldExpiresAtMs: null as number | null } };
		} catch (err) {
			return failWith(err, { action: 'create', source: field(fd, 'source'), label: field(fd, 'label') });
		}
	},
	rotate: async (event) => {
		const rt = await getRuntime();
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			const k = await rt.access.rotateIngestKey(by, field(fd, 'id'));
			return { action: 'rotate', created: { id: k.id, source: k.source, key: k.key, oldExpiresAtMs: k.oldExpiresAtMs as number | null } };
		} catch (err) {
			return failWith(err, { action: 'rotate' });
		}
	},
	revoke: async (event) => {
		const rt = await getRuntime();
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			await rt.access.revokeIngestKey(by, field(fd, 'id'));
		} catch (err) {
			return failWith(err, { action: 'revoke' });
		}
		return { action: 'revoke', revoked: field(fd, 'id') };
	}
};
