import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The per-channel snapshot the wall-board shows, computed from the in-memory live state (no query). */
export const GET: RequestHandler = async ({ locals }) => {
	const rt = locals.runtime;
	return json(rt.live.snapshot(rt.now()), { headers: { 'cache-control': 'no-store' } });
};
