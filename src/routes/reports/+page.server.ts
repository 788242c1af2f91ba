import type { PageServerLoad } from './$types';
import { DateTime } from 'luxon';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	const today = DateTime.now().setZone(rt.config.timezone).startOf('day');
	return {
		timezone: rt.config.timezone,
		// default range: the last 28 full days
		defaultFrom: today.minus({ days: 28 }).toISODate()!,
		defaultTo: today.minus({ days: 1 }).toISODate()!,
		channels: rt.config.channels.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
		queues: rt.config.queues,
		categories: rt.config.reports.categories
	};
};
