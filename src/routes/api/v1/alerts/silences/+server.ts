import { json } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/app/runtime';
import { actorOf } from '$lib/server/alerts/actor';

/** Creates a silence: `{matchers: [{label, op, value}], startsAtMs, endsAtMs, comment}`. */
export const POST: RequestHandler = async ({ request, locals }) => {
	const rt = await getRuntime();
	const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
	if (!body) return json({ error: 'body must be a JSON object: {matchers, startsAtMs, endsAtMs, comment}' }, { status: 400 });
	const silence = { id: randomUUID(), matchers: body.matchers, startsAtMs: body.startsAtMs, endsAtMs: body.endsAtMs, comment: body.comment ?? '', createdBy: actorOf(locals) };
	try {
		await rt.alerts.addSilence(silence as Parameters<typeof rt.alerts.addSilence>[0]);
	} catch (err) {
		return json({ error: (err as Error).message }, { status: 400 });
	}
	return json({ ok: true, silence }, { status: 201 });
};
