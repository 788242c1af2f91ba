import type { LayoutServerLoad } from './$types';
import { navigationFor } from '$lib/server/auth/navigation';

export const load: LayoutServerLoad = (event) => ({
	lang: event.cookies.get('lang') === 'en' ? ('en' as const) : ('zh-CN' as const),
	nav: navigationFor(event)
});
