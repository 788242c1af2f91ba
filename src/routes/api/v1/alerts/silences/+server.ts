import { json } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from './$types';
import { actorOf } from '$lib/server/alerts/actor';

/**
 * Creates (books) a silence: `{matchers: [{label, op, value}], startsAtMs, endsAtMs, comment}`;
 * it may start in the future (a 大促 night booked in the afternoon). `comment` is the reason and
 * is required; the creator is the signed-in person.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const rt = locals.runtime;
	const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
	if (!body) return json({ error: 'body must be a JSON object: {matchers, startsAtMs, endsAtMs, comment}' }, { status: 400 });
	if (typeof body.comment !== 'string' || body.comment.trim() === '') {
		return json({ error: 'comment: give the reason for the silence (a non-empty string), e.g. "双11 大促夜 23:30–02:00"' }, { status: 400 });
	}
	const silence = { id: randomUUID(), matchers: body.matchers, startsAtMs: body.startsAtMs, endsAtMs: body.endsAtMs, comment: body.comment ?? '', createdBy: actorOf(locals) };
	try {
		await rt.alerts.addSilence(silence as Parameters<typeof rt.alerts.addSilence>[0]);
	} catch (err) {
		return json({ error: (err as Error).message }, { status: 400 });
	}
	return json({ ok: true, silence }, { status: 201 });
};
