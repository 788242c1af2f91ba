import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { digestLog } from '$lib/server/reports/digest';

/** GET /api/v1/reports/digests: the configured digest schedules and the delivery log, newest first. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const rt = locals.runtime;
	const limitRaw = Number(url.searchParams.get('limit') ?? 200);
	const limit = Number.isInteger(limitRaw) && limitRaw > 0 && limitRaw <= 10_000 ? limitRaw : 200;
	return json({ schedules: rt.config.reports.digests, log: await digestLog(rt.storage.heavy, limit) });
};
