import type { QueueTail } from './abandonmentTail';
import type { QueueMetrics } from './types';

/** What every model reports about its own input. */
export type MetricsBase = Pick<QueueMetrics, 'model' | 'agents' | 'offeredLoadErlangs' | 'thresholdSec'>;

/**
 * An interval without arrivals: nobody waits, the service level is 1, agents are idle.
 *
 * @example idleQueueMetrics({ model: 'erlang-c', agents: 3, offeredLoadErlangs: 0, thresholdSec: 20 }).serviceLevel // 1
 */
export function idleQueueMetrics<B extends MetricsBase>(base: B): QueueMetrics & B {
	return {
		...base,
		stable: true,
		pWait: 0,
		pAbandon: 0,
		serviceLevel: 1,
		serviceLevelOfAnswered: 1,
		serviceLevelExcludingEarlyAbandons: 1,
		asaSec: 0,
		meanWaitSec: 0,
		occupancy: 0
	};
}

/**
 * No agent at all: nobody is answered; with patience every contact abandons after waiting its
 * patience (a steady state), without patience the queue grows without bound.
 *
 * @example unstaffedQueueMetrics(base, 120).pAbandon // 1
 */
export function unstaffedQueueMetrics<B extends MetricsBase>(base: B, patienceSec: number): QueueMetrics & B {
	const patient = Number.isFinite(patienceSec);
	return {
		...base,
		stable: patient,
		pWait: 1,
		pAbandon: patient ? 1 : 0,
		serviceLevel: 0,
		serviceLevelOfAnswered: 0,
		serviceLevelExcludingEarlyAbandons: 0,
		asaSec: null,
		meanWaitSec: patient ? patienceSec : null,
		occupancy: 0
	};
}

/**
 * No steady state (no abandonment and capacity ≤ load): everyone waits, waits grow without bound.
 *
 * @example unstableQueueMetrics(base).stable // false
 */
export function unstableQueueMetrics<B extends MetricsBase>(base: B): QueueMetrics & B {
	return {
		...base,
		stable: false,
		pWait: 1,
		pAbandon: 0,
		serviceLevel: 0,
		serviceLevelOfAnswered: 0,
		serviceLevelExcludingEarlyAbandons: 0,
		asaSec: null,
		meanWaitSec: null,
		occupancy: base.agents === 0 ? 0 : 1
	};
}

/**
 * Turns a queue-tail evaluation into the public QueueMetrics shape, deriving the three
 * service-level ratios (over arrivals, over answered, over answered + abandoned after t) and the
 * occupancy = busy agents / agents (domain.md: 占用率).
 *
 * @param busyAgents mean number of agents holding at least one contact (the carried load for
 *   one-contact-at-a-time models)
 */
export function queueMetricsFromTail<B extends MetricsBase>(base: B, tail: QueueTail, busyAgents: number): QueueMetrics & B {
	const { agents } = base;
	if (!tail.stable) return unstableQueueMetrics(base);
	const answered = 1 - tail.pAbandon;
	const answeredPlusLate = 1 - tail.abandonedWithin;
	return {
		...base,
		stable: true,
		pWait: tail.pWait,
		pAbandon: tail.pAbandon,
		serviceLevel: tail.answeredWithin,
		serviceLevelOfAnswered: answered > 0 ? tail.answeredWithin / answered : 0,
		serviceLevelExcludingEarlyAbandons: answeredPlusLate > 0 ? tail.answeredWithin / answeredPlusLate : 0,
		asaSec: tail.asaSec,
		meanWaitSec: tail.meanWaitSec,
		occupancy: agents === 0 ? 0 : Math.min(1, busyAgents / agents)
	};
}
