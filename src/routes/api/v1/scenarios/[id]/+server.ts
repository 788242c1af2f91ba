import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actorOf } from '$lib/server/alerts/actor';
import { listScenarios } from '$lib/server/queries/planning/listScenarios';
import { saveScenario } from '$lib/server/queries/planning/saveScenario';

export const DELETE: RequestHandler = async ({ params, locals }) => {
	const rt = locals.runtime;
	const s = (await listScenarios(rt.storage.heavy)).find((x) => x.id === params.id);
	if (!s) return json({ error: `no scenario with id "${params.id}"` }, { status: 404 });
	await saveScenario(rt.storage.heavy, { ...s, savedAtMs: rt.now(), savedBy: actorOf(locals) }, true);
	return json({ ok: true });
};
