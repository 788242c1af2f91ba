import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return {
		timezone: rt.config.timezone,
		channels: rt.config.channels.map((c) => ({
			id: c.id,
			nameZh: c.nameZh,
			nameEn: c.nameEn,
			kind: c.kind,
			slTargetSec: c.slTargetSec,
			slTargetPct: c.slTargetPct,
			concurrency: c.concurrency
		})),
		queues: rt.config.queues
	};
};
