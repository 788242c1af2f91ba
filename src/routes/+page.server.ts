import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/app/runtime';

export const load: PageServerLoad = async () => {
	const rt = await getRuntime();
	return {
		channels: rt.config.channels.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
		timezone: rt.config.timezone,
		snapshot: rt.live.snapshot(rt.now())
	};
};
