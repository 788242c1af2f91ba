/** The pages of the app's top navigation, in order. */
export const NAV_PAGES = ['/', '/wallboard', '/planning', '/planning/intraday', '/alerts', '/reports', '/admin'] as const;
export type NavPage = (typeof NAV_PAGES)[number];

/** What the navigation bar shows (built on the server by src/lib/server/auth/navigation.ts). */
export interface Navigation {
	/** the signed-in person, null for a board-token kiosk or nobody */
	user: { username: string; displayName: string } | null;
	/** the pages this user may open, decided by the same policy table as the guard */
	pages: NavPage[];
}
