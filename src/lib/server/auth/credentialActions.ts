import type { RequestEvent } from '@sveltejs/kit';
import type { Runtime } from '../app/runtime';
import { field, failWith } from './forms';
import { requireUser } from './guard';

type Which = 'ingestKeys' | 'boardTokens';

interface ActionContext {
	rt: Runtime;
	/** the signed-in admin's username */
	by: string;
	fd: FormData;
	event: RequestEvent;
}

/**
 * A form action on managed credentials, shared by /admin/ingest-keys and /admin/board-tokens: the
 * signed-in admin and the form are read once, and a refusal (a bad field, an unknown id) comes back
 * to the form with `echo` (the fields to show again; never a secret) instead of a 500.
 */
export function credentialAction<T extends Record<string, unknown>, E extends Record<string, unknown> = Record<never, never>>(
	action: string,
	run: (c: ActionContext) => Promise<T>,
	echo: (fd: FormData) => E = () => ({}) as E
) {
	return async (event: RequestEvent) => {
		const rt = event.locals.runtime;
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			return { action, ...(await run({ rt, by, fd, event })) };
		} catch (err) {
			return failWith(err, { action, ...echo(fd) });
		}
	};
}

/** The form action that revokes a managed credential (both go through ManagedCredentials.revoke). */
export function revokeAction(which: Which) {
	return credentialAction('revoke', async ({ rt, by, fd }) => {
		await rt.access[which].revoke(by, field(fd, 'id'));
		return { revoked: field(fd, 'id') };
	});
}
