import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ cookies }) => ({
	lang: cookies.get('lang') === 'en' ? ('en' as const) : ('zh-CN' as const)
});
