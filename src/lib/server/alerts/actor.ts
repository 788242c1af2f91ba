import { currentUser } from '../auth/guard';

/** Who is acting, for alert and scenario history: the signed-in user (access control), else "anonymous". */
export function actorOf(locals: App.Locals): string {
	return currentUser({ locals })?.username ?? 'anonymous';
}
