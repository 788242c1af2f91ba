import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const rt = locals.runtime;
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
		queues: rt.config.queues.map((q) => ({ id: q.id, nameZh: q.nameZh, nameEn: q.nameEn })),
		thresholds: rt.config.wallboard,
		rotateSec: Number.isFinite(rotate) && rotate >= 5 ? rotate : 0,
		timezone: rt.config.timezone,
		snapshot: rt.live.snapshot(rt.now()),
		// the banner comes from the server's alert state, so it survives a reload and a new kiosk
		boardAlerts: rt.alerts.boardAlerts().alerts,
		boardAlertTotal: rt.alerts.boardAlerts().total,
		alertLevels: rt.alerts.levelsByChannel(),
		serverNowMs: rt.now()
	};
};
