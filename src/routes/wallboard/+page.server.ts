import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/app/runtime';

export const load: PageServerLoad = async ({ url }) => {
	const rt = await getRuntime();
	const rotate = Number(url.searchParams.get('rotate') ?? rt.config.wallboard.rotateSec);
	return {
		channels: rt.config.channels.map((c) => ({
			id: c.id,
			nameZh: c.nameZh,
			nameEn: c.nameEn,
			slTargetPct: c.slTargetPct,
			slTargetSec: c.slTargetSec,
			alerts: c.alerts
		})),
		thresholds: rt.config.wallboard,
		rotateSec: Number.isFinite(rotate) && rotate >= 5 ? rotate : 0,
		timezone: rt.config.timezone,
		snapshot: rt.live.snapshot(rt.now())
	};
};
