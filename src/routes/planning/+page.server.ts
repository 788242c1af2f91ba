import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/app/runtime';

export const load: PageServerLoad = async () => {
	const rt = await getRuntime();
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
