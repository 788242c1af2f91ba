/**
 * Routing: which agent gets the next waiting contact of a channel. Contacts wait in the channel's
 * line (transfers first, then in arrival order); an agent takes contacts up to their concurrency,
 * and the least loaded agent (by share of their slots), longest idle among equals, is chosen —
 * what an ACD's "least occupied, longest idle" distribution does. What happens once an agent has
 * the contact is contactLifecycle.ts.
 */
import type { ScenarioPlan } from './scenario';
import type { Agent, ChannelState, Contact, World } from './world';

/** What routing reads of the run: the clock, whether it stopped, and the outage window. */
export type RoutingWorld = Pick<World, 'now' | 'stopped' | 'outageCh'> & { readonly plan: Pick<ScenarioPlan, 'outage'> };

/** An agent may take one more contact: on the floor, not leaving, not going on break, a slot free. */
export function canTake(a: Agent): boolean {
	return a.loggedIn && !a.leaving && !a.wantsBreak && !a.onBreak && a.load < a.maxConc;
}

/** The agent who gets the next contact: lowest load ÷ concurrency, then longest idle; null when nobody can take one. */
export function pickAgent(pool: readonly Agent[]): Agent | null {
	let best: Agent | null = null;
	let bestRatio = Infinity;
	for (const a of pool) {
		if (!canTake(a)) continue;
		const ratio = a.load / a.maxConc;
		if (ratio < bestRatio || (ratio === bestRatio && a.idleSinceMs < best!.idleSinceMs)) {
			best = a;
			bestRatio = ratio;
		}
	}
	return best;
}

export interface Routing {
	/** The contact waits on its channel: behind the others, or (a transfer) ahead of new arrivals. */
	enqueue(ch: ChannelState, c: Contact, urgent: boolean): void;
	/** Hands waiting contacts to free agents until either runs out (nothing while stopped or in an outage). */
	dispatch(ch: ChannelState): void;
}

/**
 * Routing of run `w`; `reserved(ch, c, a)` is called when agent `a` has been given contact `c`
 * (it has not answered yet: contactLifecycle.ts).
 */
export function createRouting(w: RoutingWorld, reserved: (ch: ChannelState, c: Contact, a: Agent) => void): Routing {
	/** the outage scenario: the failing channel answers nothing in its window */
	function outageActive(ch: ChannelState): boolean {
		return w.outageCh === ch && w.now >= w.plan.outage!.fromMs && w.now < w.plan.outage!.toMs;
	}

	function assign(ch: ChannelState, c: Contact, a: Agent): void {
		c.status = 'reserved';
		c.epoch++;
		c.agent = a;
		a.load++;
		a.idleSinceMs = w.now;
		reserved(ch, c, a);
	}

	return {
		enqueue(ch, c, urgent) {
			c.status = 'waiting';
			c.agent = null;
			ch.line.add(c, urgent);
		},
		dispatch(ch) {
			if (w.stopped || outageActive(ch)) return;
			while (ch.line.count > 0) {
				const a = pickAgent(ch.pool);
				if (!a) return;
				const c = ch.line.take();
				if (!c) return;
				assign(ch, c, a);
			}
		}
	};
}
