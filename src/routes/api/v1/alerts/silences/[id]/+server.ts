import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = async ({ params, locals }) => {
	const rt = locals.runtime;
	if (!rt.alerts.activeSilences.some((s) => s.id === params.id)) return json({ error: `no silence with id "${params.id}"` }, { status: 404 });
	await rt.alerts.deleteSilence(params.id);
	return json({ ok: true });
};
