import { json } from '@sveltejs/kit';
import { DateTime } from 'luxon';
import type { RequestHandler } from './$types';
import { recentHistory } from '$lib/server/queries/alerts/recentHistory';
import { toCsv } from '$lib/server/export/csv';

/** Who was told what and when; `?format=csv` downloads it (formula-injection safe). */
export const GET: RequestHandler = async ({ url, locals }) => {
	const rt = locals.runtime;
	const limitRaw = Number(url.searchParams.get('limit') ?? 500);
	const limit = Number.isInteger(limitRaw) && limitRaw > 0 && limitRaw <= 50_000 ? limitRaw : 500;
	const alertId = url.searchParams.get('alert');
	const rows = await recentHistory(rt.storage.live, { limit, alertId });
	if (url.searchParams.get('format') === 'csv') {
		const csv = toCsv(
			rows.map((r) => ({
				time: DateTime.fromMillis(r.at_ms, { zone: rt.config.timezone }).toFormat('yyyy-MM-dd HH:mm:ss.SSS'),
				alert_id: r.alert_id,
				event: r.kind,
				level: r.level || '',
				channel: r.channel,
				by: r.actor,
				recipient: r.recipient,
				target: r.target,
				ok: r.ok === null ? '' : r.ok ? 'yes' : 'no',
				detail: r.detail
			})),
			{ bom: true }
		);
		return new Response(csv, {
			headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="alert-history.csv"' }
		});
	}
	return json(rows);
};
