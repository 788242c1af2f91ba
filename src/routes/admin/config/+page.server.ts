import type { PageServerLoad } from './$types';
import { redactConfig } from '$lib/server/config/config';

/** The configuration in effect, through the same masking as the start-up log. */
export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return { configText: JSON.stringify(redactConfig(rt.config), null, 2) };
};
