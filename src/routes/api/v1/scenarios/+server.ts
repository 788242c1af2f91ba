import { json } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from './$types';
import { actorOf } from '$lib/server/alerts/actor';
import { listScenarios, saveScenario } from '$lib/server/queries/planning/scenarios';

export const GET: RequestHandler = async ({ locals }) => json(await listScenarios(locals.runtime.storage.heavy));

/** Saves a named scenario `{name, params, summary}` (an id in the body overwrites that scenario). */
export const POST: RequestHandler = async ({ request, locals }) => {
	const rt = locals.runtime;
	const b = (await request.json().catch(() => null)) as { id?: unknown; name?: unknown; params?: unknown; summary?: unknown } | null;
	if (!b || typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 120) {
		return json({ field: 'name', error: 'a scenario needs a name of 1 to 120 characters' }, { status: 400 });
	}
	if (typeof b.params !== 'object' || b.params === null) return json({ field: 'params', error: 'must be an object' }, { status: 400 });
	const text = JSON.stringify(b);
	if (text.length > 2_000_000) return json({ error: 'scenario is too large (2 MB at most)' }, { status: 413 });
	const s = { id: typeof b.id === 'string' && /^[a-f0-9-]{36}$/.test(b.id) ? b.id : randomUUID(), name: b.name.trim(), savedBy: actorOf(locals), savedAtMs: rt.now(), params: b.params, summary: b.summary ?? null };
	await saveScenario(rt.storage.heavy, s);
	return json(s, { status: 201 });
};
