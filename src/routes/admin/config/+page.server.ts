import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/app/runtime';
import { redactConfig } from '$lib/server/config/config';

/** The configuration in effect, through the same masking as the start-up log. */
export const load: PageServerLoad = async () => {
	const rt = await getRuntime();
	return { configText: JSON.stringify(redactConfig(rt.config), null, 2) };
};
