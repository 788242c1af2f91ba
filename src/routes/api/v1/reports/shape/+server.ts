import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { kpiReport, parseReportParams, rangeMs } from '$lib/server/reports/kpis';
import { reportDistributions } from '$lib/server/queries/reports/reportDistributions';

/**
 * GET /api/v1/reports/shape?from&to (+ filters): the weekday × hour heatmap (volume and service level,
 * same definitions as /kpis) and the distributions of first-response, handle and abandon waits.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const rt = locals.runtime;
	const { config } = rt;
	const req = parseReportParams(url.searchParams, {
		channels: config.channels.map((c) => c.id),
		queues: config.queues.map((q) => q.id),
		categories: config.reports.categories.map((c) => c.id)
	});
	if ('problems' in req) return json({ error: 'invalid report parameters', problems: req.problems }, { status: 400 });
	const ctx = { timezone: config.timezone, channels: config.channels, reports: config.reports };
	const cells = await kpiReport(rt.storage.heavy, { ...req, by: 'weekday_hour', dims: [] }, ctx);
	const distributions = await reportDistributions(rt.storage.heavy, { ...rangeMs(req.from, req.to, config.timezone), filters: req.filters });
	return json({
		heatmap: cells.map((c) => {
			const [wd, h] = c.period.split('-').map(Number);
			return { weekday: wd, hour: h, offered: c.offered, serviceLevelPct: c.serviceLevelPct };
		}),
		distributions
	});
};
