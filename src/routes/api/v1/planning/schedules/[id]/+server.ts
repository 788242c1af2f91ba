import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/app/runtime';
import { getSchedule } from '$lib/server/queries/planning/schedules';

export const GET: RequestHandler = async ({ params }) => {
	const s = await getSchedule((await getRuntime()).storage.heavy, params.id);
	return s ? json(s) : json({ error: `no schedule with id "${params.id}"` }, { status: 404 });
};
