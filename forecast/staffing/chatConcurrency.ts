import { evaluateQueueTail } from './abandonmentTail';
import { requirePatience } from './erlangA';
import { idleQueueMetrics, queueMetricsFromTail, unstableQueueMetrics, unstaffedQueueMetrics } from './queueMetricsFromTail';
import type { ChatMetrics } from './types';
import { requireNonNegative, requireNonNegativeInteger, requirePositive } from './validate';

export interface ChatTraffic {
	/** Chats offered in the interval, ≥ 0. */
	arrivals: number;
	intervalSec: number;
	/**
	 * Handle time of one chat, in seconds, while its agent holds k chats: [AHT₁, AHT₂, …, AHT_m].
	 * The length is the maximum concurrency m. Must be non-decreasing (a chat does not finish
	 * faster when its agent juggles more), e.g. [300, 390, 480].
	 */
	concurrencyAhtSec: readonly number[];
	/** Mean patience of a waiting chat in seconds (exponential); omit or Infinity for none. */
	patienceSec?: number;
}

export interface ChatConcurrencyInput extends ChatTraffic {
	agents: number;
	thresholdSec: number;
}

/** Rescale factor for the stationary weights of the lower chain (they grow like (d/λ)^j). */
const BIG = 1e250;
const LOG_BIG = Math.log(BIG);

/** @throws when the AHT list is empty, holds a non-positive value or decreases. */
export function validateConcurrencyAht(fn: string, ahts: readonly number[]): void {
	if (!Array.isArray(ahts) || ahts.length === 0 || ahts.length > 64) {
		throw new Error(`${fn}: concurrencyAhtSec must list 1 to 64 handle times (AHT₁…AHT_m), got ${JSON.stringify(ahts)}`);
	}
	for (let k = 0; k < ahts.length; k++) {
		requirePositive(fn, `concurrencyAhtSec[${k}]`, ahts[k]);
		if (k > 0 && ahts[k] < ahts[k - 1]) {
			throw new Error(
				`${fn}: concurrencyAhtSec must be non-decreasing (a chat is not faster when its agent holds more), ` +
					`got ${ahts[k - 1]} then ${ahts[k]}`
			);
		}
	}
}

/**
 * State-dependent chat concurrency model with abandonment, solved exactly.
 *
 * Model (assumptions in docs/staffing-models.md): N agents, each holding up to m chats. While an
 * agent holds k chats, each of them completes at rate 1/AHT_k (exponential), so the agent
 * finishes chats at rate k/AHT_k. A new chat goes to a least-loaded agent with a free slot, so
 * loads stay balanced: with j ≤ N·m chats in service, r = j mod N agents hold ⌊j/N⌋+1 chats and
 * the rest ⌊j/N⌋. The number of chats in the system is then a birth–death chain with birth rate λ
 * and death rate d(j) = r·(q+1)/AHT_{q+1} + (N−r)·q/AHT_q (q = ⌊j/N⌋) below N·m, and
 * N·m/AHT_m + kθ with k chats waiting above (FCFS, exponential patience θ = 1/patience), as in
 * Erlang A. (A departure from a less-loaded agent can leave loads two apart; treating the pool as
 * balanced is the one approximation, checked against an agent-level simulation in the tests.)
 *
 * The stationary distribution below N·m is computed by the product form of birth–death chains,
 * π_{j−1}/π_j = d(j)/λ, with rescaling instead of logs (Kleinrock, "Queueing Systems" vol. 1,
 * §3.1), and the queueing states by the exact Erlang A tail (see evaluateQueueTail), so P(wait),
 * the service level at t, ASA and P(abandon) are exact for the model. With one AHT this is
 * Erlang A (or Erlang C without patience).
 *
 * occupancy = share of agent time with at least one chat; slotUtilization = chats in service /
 * (N·m); averageConcurrency = chats in service / agents holding at least one.
 *
 * @throws when an argument is out of range (the message names it)
 * @example evaluateChatConcurrency({ arrivals: 600, intervalSec: 1800, concurrencyAhtSec:
 *   [300, 390, 480], patienceSec: 120, agents: 40, thresholdSec: 30 }).serviceLevel
 */
export function evaluateChatConcurrency(input: ChatConcurrencyInput): ChatMetrics {
	const fn = 'evaluateChatConcurrency';
	const { agents, thresholdSec, concurrencyAhtSec: ahts, arrivals, intervalSec } = input;
	requireNonNegativeInteger(fn, 'agents', agents);
	requireNonNegative(fn, 'thresholdSec', thresholdSec);
	requireNonNegative(fn, 'arrivals', arrivals);
	requirePositive(fn, 'intervalSec', intervalSec);
	validateConcurrencyAht(fn, ahts);
	const patienceSec = input.patienceSec ?? Infinity;
	requirePatience(fn, patienceSec);
	const m = ahts.length;
	const lambda = arrivals / intervalSec;
	const theta = Number.isFinite(patienceSec) ? 1 / patienceSec : 0;
	const base = {
		model: 'chat-concurrency' as const,
		agents,
		offeredLoadErlangs: lambda * ahts[0],
		thresholdSec,
		maxConcurrency: m
	};
	if (lambda === 0) return { ...idleQueueMetrics(base), slotUtilization: 0, averageConcurrency: 0 };
	if (agents === 0) return { ...unstaffedQueueMetrics(base, patienceSec), slotUtilization: 0, averageConcurrency: 0 };
	const slots = agents * m;
	// Walk the product form down from j = N·m (weight 1): w_{j−1} = w_j · d(j) / λ.
	let w = 1;
	let scaleExp = 0;
	let lowerMass = 0;
	let busyMass = 0;
	let inServiceMass = 0;
	for (let j = slots; j >= 1; j--) {
		const q = Math.floor(j / agents);
		const r = j - q * agents;
		let d = q > 0 ? ((agents - r) * q) / ahts[q - 1] : 0;
		if (r > 0) d += (r * (q + 1)) / ahts[q];
		w *= d / lambda;
		const state = j - 1;
		lowerMass += w;
		busyMass += w * (state < agents ? state : agents);
		inServiceMass += w * state;
		if (w > BIG) {
			w /= BIG;
			lowerMass /= BIG;
			busyMass /= BIG;
			inServiceMass /= BIG;
			scaleExp += 1;
		}
	}
	const logLowerMass = Math.log(lowerMass) + scaleExp * LOG_BIG;
	const tail = evaluateQueueTail({
		logLowerMass,
		fullRatePerSec: slots / ahts[m - 1],
		arrivalRatePerSec: lambda,
		abandonRatePerSec: theta,
		thresholdSec
	});
	if (!tail.stable) return { ...unstableQueueMetrics(base), slotUtilization: 1, averageConcurrency: m };
	// Means over the lower states are ratios of the (equally scaled) sums; the queueing states
	// have every agent busy and every slot used.
	const below = 1 - tail.pWait;
	const meanBusyBelow = lowerMass > 0 ? busyMass / lowerMass : agents;
	const meanInServiceBelow = lowerMass > 0 ? inServiceMass / lowerMass : slots;
	const busy = below * meanBusyBelow + tail.pWait * agents;
	const inService = below * meanInServiceBelow + tail.pWait * slots;
	return {
		...queueMetricsFromTail(base, tail, busy),
		slotUtilization: inService / slots,
		averageConcurrency: busy > 0 ? inService / busy : 0
	};
}
