import type { PageServerLoad } from './$types';

/** The planner's intraday view: the same per-channel re-forecast and staffing gap as the board (issue 19). */
export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	const nowMs = rt.now();
	const snapshot = rt.live.snapshot(nowMs);
	return {
		timezone: rt.config.timezone,
		channels: rt.config.channels.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
		views: rt.config.channels.map((c) => rt.intraday.view(c, snapshot.channels.find((s) => s.channel === c.id), nowMs))
	};
};
