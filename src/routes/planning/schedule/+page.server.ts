import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = locals.runtime;
	return { timezone: rt.config.timezone };
};
