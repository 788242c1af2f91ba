import { evaluateErlangA } from './erlangA';
import { evaluateErlangC } from './evaluateErlangC';
import type { QueueMetrics } from './types';
import { requireNonNegative, requirePositive } from './validate';

export interface ChatDivisorInput {
	arrivals: number;
	intervalSec: number;
	/** The one known chat handle time, seconds. */
	ahtSec: number;
	/** Chats an agent handles at once (may be fractional, e.g. 2.5 as a measured average). */
	concurrency: number;
	/** Mean patience in seconds; omit for Erlang C. */
	patienceSec?: number;
	agents: number;
	thresholdSec: number;
}

/**
 * Divisor (effective-AHT) chat model, the fallback when only one chat AHT is known: each agent is
 * treated as one server that works `concurrency` times faster, effective AHT = AHT / concurrency,
 * fed into Erlang C (or Erlang A when a patience is given). Common industry practice (e.g. the
 * "chat concurrency" adjustment of WFM tools); it ignores that a chat slows down when its agent
 * holds several, so prefer {@link evaluateChatConcurrency} when AHT per concurrency level is known.
 * Offered load and occupancy are in effective Erlangs (λ·AHT/concurrency).
 *
 * @throws when concurrency is not > 0 or another argument is out of range
 * @example evaluateChatDivisor({ arrivals: 600, intervalSec: 1800, ahtSec: 390, concurrency: 3,
 *   agents: 50, thresholdSec: 30 }).serviceLevel
 */
export function evaluateChatDivisor(input: ChatDivisorInput): QueueMetrics {
	requirePositive('evaluateChatDivisor', 'concurrency', input.concurrency);
	requirePositive('evaluateChatDivisor', 'ahtSec', input.ahtSec);
	requireNonNegative('evaluateChatDivisor', 'thresholdSec', input.thresholdSec);
	const effective = {
		arrivals: input.arrivals,
		intervalSec: input.intervalSec,
		ahtSec: input.ahtSec / input.concurrency,
		agents: input.agents,
		thresholdSec: input.thresholdSec
	};
	const metrics =
		input.patienceSec === undefined || input.patienceSec === Infinity
			? evaluateErlangC(effective)
			: evaluateErlangA({ ...effective, patienceSec: input.patienceSec });
	return { ...metrics, model: 'chat-divisor' };
}
