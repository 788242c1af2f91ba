import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actorOf } from '$lib/server/alerts/actor';

const ACTIONS = ['ack', 'claim', 'unack', 'resolve'] as const;

/** Acknowledge (stops escalation until the ack times out), claim, un-acknowledge or resolve one alert. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const rt = locals.runtime;
	const action = params.action as (typeof ACTIONS)[number];
	if (!ACTIONS.includes(action)) return json({ error: `unknown action "${params.action}"; allowed: ${ACTIONS.join(', ')}` }, { status: 404 });
	if (!rt.alerts.active().some((a) => a.id === params.id)) return json({ error: `no active alert with id "${params.id}"` }, { status: 404 });
	let note: string | undefined;
	if (request.headers.get('content-type')?.includes('application/json')) {
		const body = (await request.json().catch(() => ({}))) as { note?: unknown };
		if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 500)) {
			return json({ error: 'note must be a string of at most 500 characters' }, { status: 400 });
		}
		note = body.note as string | undefined;
	}
	await rt.alerts.command({ type: action, alertId: params.id, by: actorOf(locals), note } as Parameters<typeof rt.alerts.command>[0]);
	return json({ ok: true, alert: rt.alerts.active().find((a) => a.id === params.id) ?? null });
};
