/**
 * Shared types of the staffing engine. Every result is a plain JSON-serialisable object: no
 * classes, no Infinity or NaN (an undefined figure, such as the ASA of an unstable queue, is null).
 */

/** Which queueing model produced a figure. */
export type StaffingModel = 'erlang-c' | 'erlang-a' | 'chat-concurrency' | 'chat-divisor';

/**
 * What set the required number of agents: the target that fails at N − 1 agents.
 * `stability` — only the minimum to carry the load at all (N > offered load without patience,
 * N ≥ 1 with patience); `minAgents` — the caller's floor; `none` — no contacts, so no agents.
 */
export type BindingConstraint =
	| 'serviceLevel'
	| 'asa'
	| 'occupancy'
	| 'abandonment'
	| 'stability'
	| 'minAgents'
	| 'none';

/**
 * Which service-level ratio a target refers to (they coincide without abandonment):
 * - `arrivals` — answered within t / all arrivals (Mandelbaum & Zeltyn's P(W ≤ t, served); the
 *   definition behind the published Erlang A vector SL = 0.916792);
 * - `answered` — answered within t / answered;
 * - `excludingEarlyAbandons` — answered within t / (answered + abandoned after t), the centre's
 *   KPI in docs/domain.md without its short grace period.
 */
export type ServiceLevelBasis = 'arrivals' | 'answered' | 'excludingEarlyAbandons';

/** Steady-state performance of one interval at a given number of agents. */
export interface QueueMetrics {
	model: StaffingModel;
	/** Agents logged in and available to take contacts (after shrinkage). */
	agents: number;
	/** λ·AHT in Erlangs (chat: λ·AHT₁, the load if every chat had an agent to itself). */
	offeredLoadErlangs: number;
	thresholdSec: number;
	/** False when the queue has no steady state (no abandonment and capacity ≤ load). */
	stable: boolean;
	/** Probability that an arriving contact has to wait (all agents / slots busy). */
	pWait: number;
	/** Probability that an arriving contact abandons before being answered (0 without patience). */
	pAbandon: number;
	/** Answered within thresholdSec / all arrivals. */
	serviceLevel: number;
	/** Answered within thresholdSec / answered. */
	serviceLevelOfAnswered: number;
	/** Answered within thresholdSec / (answered + abandoned after thresholdSec). */
	serviceLevelExcludingEarlyAbandons: number;
	/** Average speed of answer: mean wait of answered contacts, seconds (null if unstable). */
	asaSec: number | null;
	/** Mean wait of all arrivals, answered or abandoned, seconds (null if unstable). */
	meanWaitSec: number | null;
	/** Share of agent time spent handling (carried load / agents). */
	occupancy: number;
}

/** Chat-specific figures of the state-dependent concurrency model. */
export interface ChatMetrics extends QueueMetrics {
	/** Chats in service / (agents × max concurrency). */
	slotUtilization: number;
	/** Mean number of chats an agent holds while it holds at least one. */
	averageConcurrency: number;
	maxConcurrency: number;
}

/** Targets for the required-agents solvers; all optional except the SL threshold. */
export interface StaffingTargets {
	/** Service-level threshold t in seconds (e.g. 20 for 80/20); also used to report SL. */
	thresholdSec: number;
	/** Required service level at thresholdSec, a fraction in (0, 1), e.g. 0.8. */
	serviceLevelTarget?: number;
	/** Which SL ratio the target applies to (default `arrivals`). */
	serviceLevelBasis?: ServiceLevelBasis;
	/** Maximum average speed of answer in seconds. */
	maxAsaSec?: number;
	/** Maximum occupancy, a fraction in (0, 1]. */
	maxOccupancy?: number;
	/** Maximum abandonment probability, a fraction in (0, 1) (models with patience only). */
	maxAbandonFraction?: number;
	/** Shrinkage (breaks, training, absence), a fraction in [0, 1); default 0. */
	shrinkageFraction?: number;
	/** Never staff fewer than this many agents (default 0). */
	minAgents?: number;
}

/** A solved interval: the metrics at the required number of agents plus the staffing figures. */
export type StaffingResult<M extends QueueMetrics = QueueMetrics> = M & {
	/** Fractional requirement, interpolated on the binding metric between agents − 1 and agents. */
	fractionalAgents: number;
	/** ceil(agents / (1 − shrinkage)): agents to schedule so that `agents` are available. */
	scheduledAgents: number;
	/** fractionalAgents / (1 − shrinkage). */
	scheduledFractionalAgents: number;
	shrinkageFraction: number;
	bindingConstraint: BindingConstraint;
	serviceLevelBasis: ServiceLevelBasis;
};
