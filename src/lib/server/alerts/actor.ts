/** Who is acting, for the alert history: the signed-in user when access control knows one. */
export function actorOf(locals: unknown): string {
	const l = locals as { user?: { username?: string } | null } | undefined;
	return l?.user?.username ?? 'anonymous';
}
