import type { PageServerLoad } from './$types';

/** The live agent list (issue 18): the rows now; the page then follows the stream (?agents=1). */
export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return {
		channels: rt.config.channels.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
		limits: { breakLimitSec: rt.config.wallboard.breakLimitSec ?? 900, acwLimitSec: rt.config.wallboard.acwLimitSec ?? 120 },
		timezone: rt.config.timezone,
		rows: rt.live.agentRows(),
		serverNowMs: rt.now()
	};
};
