import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/app/runtime';

/** Active alerts (by level, highest first), silences, and the engine's health. */
export const GET: RequestHandler = async () => {
	const rt = await getRuntime();
	return json(
		{ active: rt.alerts.active(), silences: rt.alerts.activeSilences, stats: rt.alerts.stats },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
