import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getSchedule } from '$lib/server/queries/planning/listSchedules';

export const GET: RequestHandler = async ({ params, locals }) => {
	const s = await getSchedule(locals.runtime.storage.heavy, params.id);
	return s ? json(s) : json({ error: `no schedule with id "${params.id}"` }, { status: 404 });
};
