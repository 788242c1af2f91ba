import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Active alerts (by level, highest first), silences, and the engine's health. */
export const GET: RequestHandler = async ({ locals }) => {
	const rt = locals.runtime;
	return json(
		{ active: rt.alerts.active(), silences: rt.alerts.activeSilences, stats: rt.alerts.stats },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
