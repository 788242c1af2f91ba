import type { RequestEvent } from '@sveltejs/kit';
import { field, failWith } from './forms';
import { requireUser } from './guard';

type Which = 'ingestKeys' | 'boardTokens';

/**
 * The form action that revokes a managed credential, shared by /admin/ingest-keys and
 * /admin/board-tokens (both go through ManagedCredentials.revoke).
 */
export function revokeAction(which: Which) {
	return async (event: RequestEvent) => {
		const rt = event.locals.runtime;
		const by = requireUser(event).username;
		const fd = await event.request.formData();
		try {
			await rt.access[which].revoke(by, field(fd, 'id'));
		} catch (err) {
			return failWith(err, { action: 'revoke' });
		}
		return { action: 'revoke', revoked: field(fd, 'id') };
	};
}
