import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { parsePlanRequest, runForecast } from '$lib/server/planning/forecastRun';
import type { ForecastStreamLine } from '$lib/types/planning';

/**
 * Runs the forecast for a plan. The answer is NDJSON: progress lines `{type: "progress", …}` while
 * channels are fitted, then one `{type: "result", …}` (or `{type: "error", …}`): `ForecastStreamLine`
 * ($lib/types/planning), read by the page's `$lib/planning/api.ts`.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const rt = locals.runtime;
	const req = parsePlanRequest(await request.json().catch(() => null), {
		channels: rt.config.channels.map((c) => c.id),
		queues: rt.config.queues.map((q) => q.id)
	});
	if ('error' in req) return json(req, { status: 400 });
	const enc = new TextEncoder();
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (obj: ForecastStreamLine) => controller.enqueue(enc.encode(`${JSON.stringify(obj)}\n`));
			try {
				const result = await runForecast(rt.storage.heavy, req, {
					timezone: rt.config.timezone,
					nowMs: rt.now(),
					runner: rt.forecaster,
					progress: (p) => send({ type: 'progress', ...p })
				});
				send({ type: 'result', request: req, ...result });
			} catch (err) {
				send({ type: 'error', error: (err as Error).message });
			}
			controller.close();
		}
	});
	return new Response(stream, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } });
};
