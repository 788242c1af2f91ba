import { json } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from './$types';
import type { Silence } from '$alerts/index';
import { actorOf } from '$lib/server/alerts/actor';
import { readBody } from '$lib/server/app/requestBody';
import { SilenceInputSchema } from '$lib/types/alerts';

/**
 * Creates (books) a silence: `{matchers: [{label, op, value}], startsAtMs, endsAtMs, comment}`;
 * it may start in the future (a 大促 night booked in the afternoon). `comment` is the reason and
 * is required; the creator is the signed-in person.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const rt = locals.runtime;
	const b = await readBody(request, SilenceInputSchema, '{matchers: [{label, op, value}], startsAtMs, endsAtMs, comment}');
	if (!b.ok) return b.response;
	const silence: Silence = { id: randomUUID(), ...b.value, createdBy: actorOf(locals) };
	try {
		await rt.alerts.addSilence(silence);
	} catch (err) {
		return json({ error: (err as Error).message }, { status: 400 });
	}
	return json({ ok: true, silence }, { status: 201 });
};
