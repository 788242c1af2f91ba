import { type ChatTraffic, evaluateChatConcurrency, validateConcurrencyAht } from './chatConcurrency';
import { type ChatDivisorInput, evaluateChatDivisor } from './chatDivisor';
import { solveRequiredAgents } from './requiredAgents';
import { resolveTargets } from './targets';
import type { ChatMetrics, QueueMetrics, StaffingResult, StaffingTargets } from './types';
import { requireNonNegative, requirePositive } from './validate';

/**
 * Required agents for one interval of chat under the state-dependent concurrency model of
 * {@link evaluateChatConcurrency} (AHT per concurrency level, least-loaded assignment, optional
 * exponential patience): the smallest N meeting every target, with shrinkage, fractional agents
 * and the binding constraint. Monotone in N because spreading chats over more agents never lowers
 * the completion rate when AHT_k is non-decreasing in k; solved by galloping + bisection.
 *
 * @throws when an argument or target is out of range, no target is given, or maxAbandonFraction
 *   is set without patienceSec
 * @example requiredAgentsChatConcurrency({ arrivals: 600, intervalSec: 1800,
 *   concurrencyAhtSec: [300, 390, 480], patienceSec: 120 }, { thresholdSec: 30, serviceLevelTarget: 0.8 })
 */
export function requiredAgentsChatConcurrency(
	traffic: ChatTraffic,
	targets: StaffingTargets
): StaffingResult<ChatMetrics> {
	const fn = 'requiredAgentsChatConcurrency';
	validateConcurrencyAht(fn, traffic.concurrencyAhtSec);
	requireNonNegative(fn, 'arrivals', traffic.arrivals);
	requirePositive(fn, 'intervalSec', traffic.intervalSec);
	const hasPatience = traffic.patienceSec !== undefined && Number.isFinite(traffic.patienceSec);
	const t = resolveTargets(fn, targets, hasPatience);
	const ahts = traffic.concurrencyAhtSec;
	const m = ahts.length;
	const lambda = traffic.arrivals / traffic.intervalSec;
	// Load in "full agents": an agent at full concurrency finishes m/AHT_m chats per second.
	const fullAgentLoad = (lambda * ahts[m - 1]) / m;
	const evaluate = (agents: number) => evaluateChatConcurrency({ ...traffic, agents, thresholdSec: t.thresholdSec });
	const lowerBound = lambda === 0 ? 0 : hasPatience ? 1 : Math.floor(fullAgentLoad) + 1;
	return solveRequiredAgents(fn, evaluate, t, lowerBound, Math.ceil(fullAgentLoad));
}

/**
 * Required agents for chat under the divisor model of {@link evaluateChatDivisor}
 * (effective AHT = AHT / concurrency into Erlang C, or Erlang A with patienceSec).
 *
 * @throws when an argument or target is out of range or no target is given
 * @example requiredAgentsChatDivisor({ arrivals: 600, intervalSec: 1800, ahtSec: 390, concurrency: 3 },
 *   { thresholdSec: 30, serviceLevelTarget: 0.8 })
 */
export function requiredAgentsChatDivisor(
	traffic: Omit<ChatDivisorInput, 'agents' | 'thresholdSec'>,
	targets: StaffingTargets
): StaffingResult<QueueMetrics> {
	const fn = 'requiredAgentsChatDivisor';
	requirePositive(fn, 'concurrency', traffic.concurrency);
	requirePositive(fn, 'ahtSec', traffic.ahtSec);
	requireNonNegative(fn, 'arrivals', traffic.arrivals);
	requirePositive(fn, 'intervalSec', traffic.intervalSec);
	const hasPatience = traffic.patienceSec !== undefined && Number.isFinite(traffic.patienceSec);
	const t = resolveTargets(fn, targets, hasPatience);
	const load = ((traffic.arrivals / traffic.intervalSec) * traffic.ahtSec) / traffic.concurrency;
	const evaluate = (agents: number) => evaluateChatDivisor({ ...traffic, agents, thresholdSec: t.thresholdSec });
	const lowerBound = load === 0 ? 0 : hasPatience ? 1 : Math.floor(load) + 1;
	return solveRequiredAgents(fn, evaluate, t, lowerBound, Math.ceil(load));
}
