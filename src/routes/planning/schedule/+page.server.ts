import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/app/runtime';

export const load: PageServerLoad = async () => {
	const rt = await getRuntime();
	return { timezone: rt.config.timezone };
};
