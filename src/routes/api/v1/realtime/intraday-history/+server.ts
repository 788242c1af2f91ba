import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * The board's intraday chart over the whole business day (issue 18): today's offered per 15 minutes
 * from storage (live events and backfill) and the same weekday's typical shape over recent weeks.
 * Cached for a minute and read on the heavy connection, so boards never stall ingest.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const rt = locals.runtime;
	try {
		return json(await rt.intradayHistory(), { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		return json({ error: `the intraday history could not be read from storage: ${(err as Error).message}; the board keeps the live series` }, { status: 503 });
	}
};
