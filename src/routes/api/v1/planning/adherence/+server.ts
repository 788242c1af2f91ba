import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { adherenceNow } from '$lib/server/planning/adherence';

/** Adherence to the latest published schedule now; `?thresholdMin=N` overrides the L1 threshold (default: config scheduling.adherenceL1Min / ADHERENCE_L1_MIN). */
export const GET: RequestHandler = async ({ url, locals }) => {
	const rt = locals.runtime;
	const q = url.searchParams.get('thresholdMin');
	const thresholdMin = q === null ? rt.config.scheduling.adherenceL1Min : Number(q);
	if (!(thresholdMin >= 0 && thresholdMin <= 1440)) return json({ field: 'thresholdMin', error: 'must be a number of minutes in [0, 1440]' }, { status: 400 });
	return json(await adherenceNow({ client: rt.storage.heavy, live: rt.live, nowMs: rt.now(), timezone: rt.config.timezone, thresholdMin }), { headers: { 'cache-control': 'no-store' } });
};
