import { json } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from './$types';
import { actorOf } from '$lib/server/alerts/actor';
import { listSchedules } from '$lib/server/queries/planning/listSchedules';
import { saveSchedule } from '$lib/server/queries/planning/saveSchedule';
import { parseScheduleBody } from '$lib/planning/scheduleBody';
import { schedulePublished } from '$lib/server/planning/adherence';
import { ScheduleInputError } from '$forecast/scheduling/index';

export const GET: RequestHandler = async ({ locals }) => json(await listSchedules(locals.runtime.storage.heavy));

/** Saves `{id?, name, published, body}`: a draft, or (published: true) the schedule adherence follows. */
export const POST: RequestHandler = async ({ request, locals }) => {
	const rt = locals.runtime;
	const text = await request.text();
	if (text.length > 10_000_000) return json({ error: 'schedule is too large (10 MB at most)' }, { status: 413 });
	let b: { id?: unknown; name?: unknown; published?: unknown; body?: unknown };
	try {
		b = JSON.parse(text);
	} catch {
		return json({ field: 'body', error: 'not valid JSON' }, { status: 400 });
	}
	if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 120) return json({ field: 'name', error: 'a schedule needs a name of 1 to 120 characters' }, { status: 400 });
	let body;
	try {
		body = parseScheduleBody(b.body);
	} catch (e) {
		if (e instanceof ScheduleInputError) return json({ field: `body.${e.field}`, error: e.message }, { status: 400 });
		throw e;
	}
	const s = { id: typeof b.id === 'string' && /^[a-f0-9-]{36}$/.test(b.id) ? b.id : randomUUID(), name: b.name.trim(), published: b.published === true, savedBy: actorOf(locals), savedAtMs: rt.now(), body };
	await saveSchedule(rt.storage.heavy, s);
	schedulePublished(); // adherence follows the newest published schedule at once
	return json({ id: s.id, name: s.name, published: s.published, savedAtMs: s.savedAtMs }, { status: 201 });
};
