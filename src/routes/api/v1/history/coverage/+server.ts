import type { RequestHandler } from './$types';
import { json } from '$lib/server/history/http';
import { coverage } from '$lib/server/queries/history/coverage';

/**
 * GET /api/v1/history/coverage — per channel/queue: first and last interval, intervals, offered,
 * days without data (imported history and live data together, live winning where both cover an interval).
 */
export const GET: RequestHandler = async ({ locals }) => {
	const rt = locals.runtime;
	const series = await coverage(rt.storage.heavy, { tz: rt.config.timezone });
	return json(200, { timezone: rt.config.timezone, series });
};
