/**
 * The life of a contact: it arrives (Poisson arrivals per second from the volume model), waits —
 * a chat or call customer hangs up when their patience runs out — is answered after the agent's
 * pickup delay, may be transferred to another queue, is resolved after its handle time, may be
 * rated, and may come back (a reopen of the same contact, or a repeat contact of the same
 * customer). Timings and shares: params.ts and docs/simulator.md. Who takes it is routing.ts; the
 * agents are roster.ts.
 */
import { CSAT_DIST, NPS_BY_CSAT, NPS_SHARE, QUEUE_PARAMS, type QueueArchetype, type QueueParams } from './params';
import type { Roster } from './roster';
import type { Routing } from './routing';
import type { Agent, ChannelState, Contact, Emitter, World } from './world';

const ARRIVAL_STEP_MS = 1_000;
const MIN = 60_000;

/**
 * How a first contact will end, from one uniform draw `u` ∈ [0, 1): reopened (the same contact
 * comes back) with probability reopenProb, a repeat contact (the customer writes again) for the
 * rest of the unresolved share 1 − fcr, else resolved at first contact.
 */
export function drawOutcome(u: number, qp: Pick<QueueParams, 'fcr' | 'reopenProb'>): Contact['outcome'] {
	const failProb = 1 - qp.fcr;
	return u < qp.reopenProb ? 'reopen' : u < failProb ? 'repeat' : 'fcr';
}

/**
 * The share of a queue's offered volume that arrives fresh: repeat contacts (the unresolved share
 * that is not a reopen) come back by themselves, so fresh arrivals are thinned by it and the
 * offered volume matches the model.
 */
export function freshShare(qp: Pick<QueueParams, 'fcr' | 'reopenProb'>): number {
	return 1 - (1 - qp.fcr - qp.reopenProb);
}

/** The CSAT distribution a rating is drawn from: unresolved, else slow (first wait above `slowMs`), else good. */
export function ratingDistribution(outcome: Contact['outcome'], firstWaitMs: number | null, slowMs: number): readonly number[] {
	if (outcome !== 'fcr') return CSAT_DIST.unresolved;
	return (firstWaitMs ?? 0) > slowMs ? CSAT_DIST.slow : CSAT_DIST.good;
}

/** The queue a transfer from queue `q` goes to: its archetype's `transferTo` if configured and different, else the next queue. */
export function transferQueue(queueArch: readonly QueueArchetype[], q: number): number {
	const to = QUEUE_PARAMS[queueArch[q]].transferTo;
	const toIdx = queueArch.indexOf(to);
	return toIdx < 0 || toIdx === q ? (q + 1) % queueArch.length : toIdx;
}

export interface ContactLifecycle {
	/** Agent `a` was given contact `c`: the answer follows after the pickup delay. */
	reserved(ch: ChannelState, c: Contact, a: Agent): void;
	/** This second's arrivals scheduled, and the next second's tick. */
	arrivalTick(t: number): void;
	/** contacts created so far */
	readonly created: number;
	/**
	 * At shutdown (after `w.stopped` is set): closes this run's open contacts — in hand resolved,
	 * chats and calls still waiting abandoned, e-mails and tickets still queued answered and resolved
	 * with `attrs.closed_by = 'simulator_stop'`, never abandoned.
	 */
	closeAll(): void;
}

export function createContactLifecycle(w: World, em: Emitter, roster: Roster, routing: Routing): ContactLifecycle {
	const { opts, model, rng, queue, queueIds, queueArch } = w;
	const { enqueue, dispatch } = routing;
	let contactSeq = 0;
	/** contacts not yet done, for shutdown */
	const open = new Set<Contact>();
	const freshFactor = queueArch.map((qa) => freshShare(QUEUE_PARAMS[qa]));

	function reserved(ch: ChannelState, c: Contact, a: Agent): void {
		const pickupMs = Math.round(rng.uniform(ch.p.pickupMinSec, ch.p.pickupMaxSec) * 1000);
		queue.push(w.now + pickupMs, () => answer(ch, c, a));
	}

	function answer(ch: ChannelState, c: Contact, a: Agent): void {
		if (c.status !== 'reserved') return; // closed by shutdown meanwhile
		c.status = 'active';
		if (c.firstWaitMs === null) c.firstWaitMs = w.now - c.arrivedMs;
		em.contact('contact.answered', c, { agent_id: a.id, team_id: a.team });
		if (a.maxConc === 1 || a.load >= a.maxConc) em.setStatus(a, 'on_contact');
		const h = c.remainingMs;
		if (c.transferPending) {
			const atMs = Math.round(h * rng.uniform(0.25, 0.5));
			queue.push(w.now + atMs, () => {
				if (c.status !== 'active') return;
				c.transferPending = false;
				c.remainingMs = Math.max(30_000, h - atMs);
				const toIdx = transferQueue(queueArch, c.q);
				// the event carries the queue it leaves; later events the new one
				em.contact('contact.transferred', c, { agent_id: a.id, to_queue: queueIds[toIdx] });
				c.q = toIdx;
				roster.release(a);
				enqueue(ch, c, true);
				dispatch(ch);
			});
			return;
		}
		if (ch.p.talkShare < 1) {
			queue.push(w.now + Math.round(h * ch.p.talkShare), () => {
				if (c.status === 'active' && a.maxConc === 1) em.setStatus(a, 'acw');
			});
		}
		if (ch.arch === 'chat' && h > 90_000) {
			// the conversation goes back and forth; the customer's message starts their waiting clock
			const askAt = Math.round(h * rng.uniform(0.2, 0.6));
			const replyAfter = Math.round(rng.uniform(5, 40) * 1000);
			if (askAt + replyAfter < h - 5_000) {
				queue.push(w.now + askAt, () => {
					if (c.status === 'active') em.contact('contact.customer_replied', c);
				});
				queue.push(w.now + askAt + replyAfter, () => {
					if (c.status === 'active') em.contact('contact.agent_replied', c, { agent_id: a.id });
				});
			}
		}
		queue.push(w.now + h, () => resolve(ch, c, a));
	}

	function resolve(ch: ChannelState, c: Contact, a: Agent): void {
		if (c.status !== 'active') return;
		c.status = 'done';
		open.delete(c);
		em.contact('contact.resolved', c, { agent_id: a.id });
		roster.release(a);
		const qp = QUEUE_PARAMS[queueArch[c.q]];
		if (c.round === 1) {
			if (rng.chance(ch.p.ratingShare)) {
				const delay = ch.realtime ? rng.lognormalMedian(45_000, 0.8) : rng.lognormalMedian(20 * MIN, 1);
				let csat = rng.weighted(ratingDistribution(c.outcome, c.firstWaitMs, slowWaitMs(ch))) + 1;
				if (qp.csatShift < 0 && rng.chance(0.3)) csat = Math.max(1, csat - 1);
				const rating: Record<string, unknown> = { csat };
				if (rng.chance(NPS_SHARE)) rating.nps = rng.weighted(NPS_BY_CSAT[csat]);
				queue.push(w.now + Math.round(delay), () => {
					if (!w.stopped) em.contact('contact.rated', c, rating);
				});
			}
			if (c.outcome === 'reopen') {
				const delay = ch.realtime ? rng.lognormalMedian(60 * MIN, 0.7) : rng.lognormalMedian(240 * MIN, 0.7);
				queue.push(w.now + Math.round(delay), () => {
					if (w.stopped) return;
					em.contact('contact.reopened', c);
					ch.arrivalsSinceStep++;
					c.round = 2;
					c.remainingMs = drawHandleMs(ch, 0.7);
					open.add(c);
					enqueue(ch, c, false);
					dispatch(ch);
				});
			} else if (c.outcome === 'repeat') {
				const delay = ch.realtime ? rng.lognormalMedian(40 * MIN, 0.8) : rng.lognormalMedian(360 * MIN, 0.7);
				const customer = c.customer;
				const q = c.q;
				queue.push(w.now + Math.round(delay), () => arrive(ch, q, customer, c.id));
			}
		}
		dispatch(ch);
	}

	/** A wait after which a rating comes from the "slow" distribution: 60 s live, the SL target deferred. */
	function slowWaitMs(ch: ChannelState): number {
		const cfg = opts.channels[ch.idx];
		return ch.realtime ? cfg.immediateResponseSec * 1000 : cfg.slTargetSec * 1000;
	}

	function drawHandleMs(ch: ChannelState, factor = 1): number {
		const mean = ch.p.meanHandleSec * model.ahtFactor(w.simAt(w.now)) * factor;
		return Math.max(20_000, Math.round(rng.lognormalMean(mean, ch.p.handleSigma) * 1000));
	}

	function arrive(ch: ChannelState, q: number, customer: string | null, repeatOf: string | null): void {
		if (w.stopped) return;
		const outcome = drawOutcome(rng.next(), QUEUE_PARAMS[queueArch[q]]);
		const c: Contact = {
			id: `${w.runId}-c${(contactSeq++).toString(36)}`,
			ch: ch.idx,
			q,
			customer: customer ?? `tb_${100000 + rng.int(9_900_000)}`,
			arrivedMs: w.now,
			status: 'waiting',
			epoch: 0,
			agent: null,
			round: 1,
			outcome,
			transferPending: queueIds.length > 1 && ch.p.transferShare > 0 && rng.chance(ch.p.transferShare),
			remainingMs: drawHandleMs(ch),
			firstWaitMs: null,
			repeatOf
		};
		open.add(c);
		em.contact('contact.arrived', c, repeatOf ? { attrs: { repeat_of: repeatOf } } : undefined);
		ch.arrivalsSinceStep++;
		enqueue(ch, c, false);
		if (ch.p.patienceMedianSec !== null) {
			const patienceMs = Math.round(rng.lognormalMedian(ch.p.patienceMedianSec, ch.p.patienceSigma) * 1000);
			const epoch = c.epoch;
			queue.push(w.now + patienceMs, () => {
				if (c.status !== 'waiting' || c.epoch !== epoch || c.round !== 1) return;
				c.status = 'done';
				c.epoch++;
				ch.line.left();
				open.delete(c);
				em.contact('contact.abandoned', c);
			});
		}
		dispatch(ch);
	}

	function arrivalTick(t: number): void {
		const sim = w.simAt(t + ARRIVAL_STEP_MS / 2);
		for (const ch of w.channels) {
			for (let q = 0; q < queueIds.length; q++) {
				const lambda = model.ratePerSec(ch.idx, q, sim) * freshFactor[q] * (ARRIVAL_STEP_MS / 1000);
				const n = rng.poisson(lambda);
				for (let i = 0; i < n; i++) {
					const at = t + Math.floor(rng.next() * ARRIVAL_STEP_MS);
					queue.push(at, () => arrive(ch, q, null, null));
				}
			}
		}
		queue.push(t + ARRIVAL_STEP_MS, () => arrivalTick(t + ARRIVAL_STEP_MS));
	}

	return {
		reserved,
		arrivalTick,
		get created() {
			return contactSeq;
		},
		closeAll() {
			const left = [...open].sort((x, y) => x.arrivedMs - y.arrivedMs);
			const deskBacklog: Contact[] = [];
			for (const c of left) {
				if (c.status === 'active' && c.agent) em.contact('contact.resolved', c, { agent_id: c.agent.id });
				// a chat or call still waiting when the simulated customers go: they leave
				else if (w.channels[c.ch].realtime) em.contact('contact.abandoned', c);
				else deskBacklog.push(c);
			}
			// An e-mail or ticket is never abandoned (nobody hangs up on a mail): with everything in hand
			// closed above, the desk answers and closes what is still queued, marked so that reports can
			// tell (decision 0075).
			for (const c of deskBacklog) {
				const a = c.agent ?? roster.deskAgent(w.channels[c.ch]);
				const attrs = { closed_by: 'simulator_stop' };
				em.contact('contact.answered', c, { agent_id: a.id, team_id: a.team, attrs });
				em.contact('contact.resolved', c, { agent_id: a.id, attrs });
			}
			for (const c of left) c.status = 'done';
			open.clear();
		}
	};
}
