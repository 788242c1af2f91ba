import type { PageServerLoad } from './$types';
import { recentHistory } from '$lib/server/queries/alerts/recentHistory';
import { parseInboxQuery } from '$lib/server/alerts/inboxQuery';

export const load: PageServerLoad = async ({ url, locals }) => {
	const rt = locals.runtime;
	const query = parseInboxQuery(url.searchParams, {
		timezone: rt.config.timezone,
		channels: rt.config.channels.map((c) => c.id),
		queues: rt.config.queues.map((q) => q.id)
	});
	const nowMs = rt.now();
	const page = await rt.alerts.inbox(query.filter, { offset: query.offset, limit: query.limit });
	return {
		timezone: rt.config.timezone,
		nowMs,
		channels: rt.config.channels.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
		queues: rt.config.queues.map((q) => ({ id: q.id, nameZh: q.nameZh, nameEn: q.nameEn })),
		query: { form: query.form, problems: query.problems },
		total: page.total,
		rows: page.rows,
		// booked and running silences; the past ones are history
		silences: rt.alerts.activeSilences.filter((s) => s.endsAtMs > nowMs).sort((a, b) => a.startsAtMs - b.startsAtMs),
		rules: JSON.stringify(rt.alerts.rules, null, 2),
		history: await recentHistory(rt.storage.live, { limit: 200, alertId: null })
	};
};
