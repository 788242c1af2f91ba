import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const rt = locals.runtime;
	// drill-down (issue 18): ?channel=<id> shows that channel's queues and teams; ?channel=rotate steps
	// through the channels every `rotate` seconds (default 20)
	const channelParam = url.searchParams.get('channel');
	const drill = channelParam === 'rotate' ? 'rotate' : rt.config.channels.some((c) => c.id === channelParam) ? channelParam : null;
	const rotateParam = url.searchParams.get('rotate');
	const rotate = Number(rotateParam ?? (drill === 'rotate' ? 20 : rt.config.wallboard.rotateSec));
	const first = drill === 'rotate' ? rt.config.channels[0]?.id : drill;
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
		drill,
		drillDown: first ? rt.live.drill(first, rt.now(), rt.config.queues.map((q) => q.id)) : null,
		// the banner comes from the server's alert state, so it survives a reload and a new kiosk
		boardAlerts: rt.alerts.boardAlerts().alerts,
		boardAlertTotal: rt.alerts.boardAlerts().total,
		alertLevels: rt.alerts.levelsByChannel(),
		serverNowMs: rt.now()
	};
};
