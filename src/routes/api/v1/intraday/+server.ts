import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * Per channel: the day-ahead forecast, the latest re-forecast (computed every 15 minutes on the
 * forecast worker, never here), the tile figures and the staffing gap of the current and next 4
 * intervals against the agents serving now. `?channel=ID` limits it to one channel.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const rt = locals.runtime;
	const nowMs = rt.now();
	const snapshot = rt.live.snapshot(nowMs);
	const only = url.searchParams.get('channel');
	const channels = rt.config.channels.filter((c) => only === null || c.id === only);
	if (only !== null && channels.length === 0) {
		return json({ error: `unknown channel "${only}"; configured: ${rt.config.channels.map((c) => c.id).join(', ')}` }, { status: 400 });
	}
	return json(
		{ asOfMs: nowMs, timezone: rt.config.timezone, channels: channels.map((c) => rt.intraday.view(c, snapshot.channels.find((s) => s.channel === c.id), nowMs)) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
