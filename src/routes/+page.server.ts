import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return {
		channels: rt.config.channels.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
		timezone: rt.config.timezone,
		snapshot: rt.live.snapshot(rt.now())
	};
};
