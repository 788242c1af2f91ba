import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actorOf } from '$lib/server/alerts/actor';
import { AlertConfigError } from '$alerts/index';

export const GET: RequestHandler = async ({ locals }) => json(locals.runtime.alerts.rules);

/** Saves a new rule set; every invalid field is reported with its path, value and what is allowed. */
export const PUT: RequestHandler = async ({ request, locals }) => {
	const rt = locals.runtime;
	const body = await request.json().catch(() => undefined);
	if (body === undefined) return json({ error: 'body must be the rule configuration as JSON' }, { status: 400 });
	try {
		await rt.alerts.saveRules(body, actorOf(locals));
	} catch (err) {
		if (err instanceof AlertConfigError) return json({ error: 'invalid rules', issues: err.issues }, { status: 400 });
		throw err;
	}
	return json({ ok: true });
};
