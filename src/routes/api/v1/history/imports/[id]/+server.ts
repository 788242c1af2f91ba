import type { RequestHandler } from './$types';
import { json } from '$lib/server/history/http';

/** GET /api/v1/history/imports/:id — progress of a running or recent import (rows done / total, bytes). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const rt = locals.runtime;
	const p = rt.history.progress(params.id);
	return p ? json(200, p) : json(404, { error: `no running or recent import with id ${params.id}` });
};
