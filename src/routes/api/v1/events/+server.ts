import type { RequestHandler } from './$types';
import { handleIngestPost } from '$lib/server/ingest/http';

export const POST: RequestHandler = async ({ request, locals }) => {
	const rt = locals.runtime;
	return handleIngestPost(request, { ingest: rt.ingest, keys: rt.keys, maxBodyBytes: rt.config.ingest.maxBodyBytes });
};
