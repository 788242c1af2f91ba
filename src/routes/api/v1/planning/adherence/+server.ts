import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/app/runtime';
import { adherenceNow, DEFAULT_ADHERENCE_L1_MIN } from '$lib/server/planning/adherence';

/** Adherence to the latest published schedule now; `?thresholdMin=N` sets the L1 threshold (default 5). */
export const GET: RequestHandler = async ({ url }) => {
	const rt = await getRuntime();
	const q = url.searchParams.get('thresholdMin');
	const thresholdMin = q === null ? DEFAULT_ADHERENCE_L1_MIN : Number(q);
	if (!(thresholdMin >= 0 && thresholdMin <= 1440)) return json({ field: 'thresholdMin', error: 'must be a number of minutes in [0, 1440]' }, { status: 400 });
	return json(await adherenceNow({ client: rt.storage.heavy, live: rt.live, nowMs: rt.now(), timezone: rt.config.timezone, thresholdMin }), { headers: { 'cache-control': 'no-store' } });
};
