import type { PageServerLoad } from './$types';
import { coverage } from '$lib/server/queries/history/coverage';
import { importLog } from '$lib/server/queries/history/importLog';
import { monthlyVolume } from '$lib/server/queries/history/monthlyVolume';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	const tz = rt.config.timezone;
	// one after the other: the heavy connection runs one query at a time anyway
	const series = await coverage(rt.storage.heavy, { tz });
	const monthly = await monthlyVolume(rt.storage.heavy, { tz });
	const imports = await importLog(rt.storage.heavy, 50);
	return {
		timezone: tz,
		channels: rt.config.channels.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
		queues: rt.config.queues,
		series,
		monthly,
		imports
	};
};
