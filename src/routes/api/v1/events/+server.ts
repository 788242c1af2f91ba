import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/app/runtime';
import { handleIngestPost } from '$lib/server/ingest/http';

export const POST: RequestHandler = async ({ request }) => {
	const rt = await getRuntime();
	return handleIngestPost(request, { ingest: rt.ingest, keys: rt.keys, maxBodyBytes: rt.config.ingest.maxBodyBytes });
};
