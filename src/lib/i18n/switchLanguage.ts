import type { Lang } from './index';

/** Remembers the UI language for a year (cookie `lang`, read by the root layout) and reloads the page in it. */
export function switchLanguage(lang: Lang): void {
	document.cookie = `lang=${lang}; path=/; max-age=31536000; samesite=lax`;
	location.reload();
}
