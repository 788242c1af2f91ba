import { json } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from './$types';
import { actorOf } from '$lib/server/alerts/actor';
import { readBody } from '$lib/server/app/requestBody';
import { listScenarios } from '$lib/server/queries/planning/listScenarios';
import { saveScenario } from '$lib/server/queries/planning/saveScenario';
import { ScenarioInputSchema, type Scenario } from '$lib/types/scenario';

export const GET: RequestHandler = async ({ locals }) => json(await listScenarios(locals.runtime.storage.heavy));

/** Saves a named scenario `{name, params, summary}` (an id in the body overwrites that scenario). */
export const POST: RequestHandler = async ({ request, locals }) => {
	const rt = locals.runtime;
	const b = await readBody(request, ScenarioInputSchema, '{name, params: {request, staffing, requirement}, summary}');
	if (!b.ok) return b.response;
	const s: Scenario = { id: b.value.id ?? randomUUID(), name: b.value.name, savedBy: actorOf(locals), savedAtMs: rt.now(), params: b.value.params, summary: b.value.summary };
	if (JSON.stringify(s).length > 2_000_000) return json({ error: 'scenario is too large (2 MB at most)' }, { status: 413 });
	await saveScenario(rt.storage.heavy, s);
	return json(s, { status: 201 });
};
