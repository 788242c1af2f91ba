import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/app/runtime';

/** The per-channel snapshot the wall-board shows, computed from the in-memory live state (no query). */
export const GET: RequestHandler = async () => {
	const rt = await getRuntime();
	return json(rt.live.snapshot(rt.now()), { headers: { 'cache-control': 'no-store' } });
};
