import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { learnParams } from '$lib/server/planning/learnedParams';

/** AHT per channel/queue/hour and chat AHT per concurrency level, learned from stored data. */
export const GET: RequestHandler = async ({ locals }) => {
	const rt = locals.runtime;
	return json(await learnParams(rt.storage.heavy, { nowMs: rt.now(), timezone: rt.config.timezone }));
};
