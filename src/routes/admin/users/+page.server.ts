import type { Actions, PageServerLoad } from './$types';
import { field, fields, failWith } from '$lib/server/auth/forms';
import { requireUser } from '$lib/server/auth/guard';
import { ROLES } from '$lib/server/auth/roles';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return { users: rt.access.users.list(), roles: [...ROLES] };
};

export const actions: Actions = {
	create: async (event) => {
		const rt = event.locals.runtime;
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		const input = { username: field(fd, 'username'), displayName: field(fd, 'displayName'), roles: fields(fd, 'roles'), password: field(fd, 'password') };
		try {
			await rt.access.users.create(by, input);
		} catch (err) {
			return failWith(err, { action: 'create', username: input.username, displayName: input.displayName });
		}
		return { action: 'create', done: input.username };
	},
	update: async (event) => {
		const rt = event.locals.runtime;
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		const username = field(fd, 'username');
		try {
			await rt.access.users.update(by, username, { displayName: field(fd, 'displayName'), roles: fields(fd, 'roles'), disabled: field(fd, 'disabled') === 'on' });
		} catch (err) {
			return failWith(err, { action: 'update', target: username });
		}
		return { action: 'update', done: username };
	},
	password: async (event) => {
		const rt = event.locals.runtime;
		const me = requireUser(event);
		const fd = await event.request.formData();
		const username = field(fd, 'username');
		try {
			// your own reset keeps this session; every other session of the user ends
			await rt.access.users.setPassword(me.username, username, field(fd, 'password'), me.sessionHash);
		} catch (err) {
			return failWith(err, { action: 'password', target: username });
		}
		return { action: 'password', done: username };
	},
	delete: async (event) => {
		const rt = event.locals.runtime;
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		const username = field(fd, 'username');
		try {
			await rt.access.users.delete(by, username);
		} catch (err) {
			return failWith(err, { action: 'delete', target: username });
		}
		return { action: 'delete', done: username };
	}
};
