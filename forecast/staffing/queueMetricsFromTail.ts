import type { QueueTail } from './abandonmentTail';
import type { QueueMetrics } from './types';

/**
 * Turns a queue-tail evaluation into the public QueueMetrics shape, deriving the three
 * service-level ratios (over arrivals, over answered, over answered + abandoned after t) and the
 * occupancy = busy agents / agents (domain.md: 占用率).
 *
 * @param busyAgents mean number of agents holding at least one contact (the carried load for
 *   one-contact-at-a-time models)
 */
export function queueMetricsFromTail(
	base: Pick<QueueMetrics, 'model' | 'agents' | 'offeredLoadErlangs' | 'thresholdSec'>,
	tail: QueueTail,
	busyAgents: number
): QueueMetrics {
	const { agents } = base;
	if (!tail.stable) {
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
			occupancy: agents === 0 ? 0 : 1
		};
	}
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
