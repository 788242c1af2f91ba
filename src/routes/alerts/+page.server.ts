import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/app/runtime';
import { recentHistory } from '$lib/server/queries/alerts/persistence';

export const load: PageServerLoad = async () => {
	const rt = await getRuntime();
	return {
		timezone: rt.config.timezone,
		channels: rt.config.channels.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
		active: rt.alerts.active(),
		silences: rt.alerts.activeSilences,
		rules: JSON.stringify(rt.alerts.rules, null, 2),
		history: await recentHistory(rt.storage.live, { limit: 200, alertId: null })
	};
};
