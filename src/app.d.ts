// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Runtime } from '$lib/server/app/runtime';
import type { BoardPrincipal, UserPrincipal } from '$lib/server/auth/service';

declare global {
	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		/** Set by `handle` (src/hooks.server.ts) for every request before any route runs. */
		interface Locals {
			/** every service of the server (config, storage, live state, ingest, alerts, planning…) */
			runtime: Runtime;
			/** who the request is, once access control let it through: a signed-in user, a board token, or nobody */
			principal: UserPrincipal | BoardPrincipal | null;
			/** names this request in the server log (and in the error page's id) */
			requestId: string;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
