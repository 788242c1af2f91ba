import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { kpiReport, parseReportParams } from '$lib/server/reports/kpis';
import { kpiExport } from '$lib/server/reports/export';

/**
 * GET /api/v1/reports/kpis?from=YYYY-MM-DD&to=YYYY-MM-DD&by=hour|day|week|month|total&dims=channel,queue,team,agent,category
 * (+ filters channel=, queue=, team=, category=; format=csv|xlsx downloads). Dates in the configured zone,
 * `to` included. Reads run on the heavy connection, so the board and the ingester never wait for them.
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
	const rows = await kpiReport(rt.storage.heavy, req, { timezone: config.timezone, channels: config.channels, reports: config.reports });
	const format = url.searchParams.get('format');
	if (format === 'csv' || format === 'xlsx') {
		const locale = url.searchParams.get('lang') === 'en' ? 'en' : 'zh-CN';
		const file = await kpiExport(rows, req.dims, format, locale, config);
		return new Response(file.body, {
			headers: {
				'content-type': file.contentType,
				'content-disposition': `attachment; filename="kpis-${req.from}-${req.to}-${req.by}.${format}"`
			}
		});
	}
	return json({ rows });
};
