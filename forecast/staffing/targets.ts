import type { BindingConstraint, QueueMetrics, ServiceLevelBasis, StaffingTargets } from './types';
import {
	requireFractionBelowOne,
	requireFractionUpToOne,
	requireNonNegative,
	requireNonNegativeInteger,
	requireOpenFraction,
	requirePositive
} from './validate';

/** Targets after validation and defaults. */
export interface ResolvedTargets {
	thresholdSec: number;
	serviceLevelTarget: number | undefined;
	serviceLevelBasis: ServiceLevelBasis;
	maxAsaSec: number | undefined;
	maxOccupancy: number | undefined;
	maxAbandonFraction: number | undefined;
	shrinkageFraction: number;
	minAgents: number;
}

const BASES: readonly ServiceLevelBasis[] = ['arrivals', 'answered', 'excludingEarlyAbandons'];

/**
 * Comparisons allow a relative 1e-12 so that a target met exactly (occupancy 34/40 = 0.85) is
 * not lost to rounding in λ·AHT.
 */
const SLACK = 1e-12;

/**
 * Validates the targets of a required-agents call and fills defaults.
 *
 * @param allowsAbandonment whether the model has patience (only then may maxAbandonFraction be set)
 * @throws when a target is out of range, when no target is given, or when an abandonment cap is
 *   set on a model without patience
 * @example resolveTargets('requiredAgentsErlangC', { thresholdSec: 20, serviceLevelTarget: 0.8 }, false)
 */
export function resolveTargets(fn: string, targets: StaffingTargets, allowsAbandonment: boolean): ResolvedTargets {
	requireNonNegative(fn, 'thresholdSec', targets.thresholdSec);
	const basis = targets.serviceLevelBasis ?? 'arrivals';
	if (!BASES.includes(basis)) {
		throw new Error(`${fn}: serviceLevelBasis must be one of ${BASES.join(', ')}, got ${JSON.stringify(basis)}`);
	}
	if (targets.serviceLevelTarget !== undefined) requireOpenFraction(fn, 'serviceLevelTarget', targets.serviceLevelTarget);
	if (targets.maxAsaSec !== undefined) requirePositive(fn, 'maxAsaSec', targets.maxAsaSec);
	if (targets.maxOccupancy !== undefined) requireFractionUpToOne(fn, 'maxOccupancy', targets.maxOccupancy);
	if (targets.maxAbandonFraction !== undefined) {
		if (!allowsAbandonment) {
			throw new Error(`${fn}: maxAbandonFraction needs a model with patience (give patienceSec), got no patience`);
		}
		requireOpenFraction(fn, 'maxAbandonFraction', targets.maxAbandonFraction);
	}
	const shrinkageFraction = targets.shrinkageFraction ?? 0;
	requireFractionBelowOne(fn, 'shrinkageFraction', shrinkageFraction);
	const minAgents = targets.minAgents ?? 0;
	requireNonNegativeInteger(fn, 'minAgents', minAgents);
	if (
		targets.serviceLevelTarget === undefined &&
		targets.maxAsaSec === undefined &&
		targets.maxOccupancy === undefined &&
		targets.maxAbandonFraction === undefined
	) {
		throw new Error(
			`${fn}: give at least one target (serviceLevelTarget, maxAsaSec, maxOccupancy or maxAbandonFraction), got none`
		);
	}
	return {
		thresholdSec: targets.thresholdSec,
		serviceLevelTarget: targets.serviceLevelTarget,
		serviceLevelBasis: basis,
		maxAsaSec: targets.maxAsaSec,
		maxOccupancy: targets.maxOccupancy,
		maxAbandonFraction: targets.maxAbandonFraction,
		shrinkageFraction,
		minAgents
	};
}

/** The service level on the basis the target refers to. */
export function serviceLevelOn(metrics: QueueMetrics, basis: ServiceLevelBasis): number {
	if (basis === 'answered') return metrics.serviceLevelOfAnswered;
	if (basis === 'excludingEarlyAbandons') return metrics.serviceLevelExcludingEarlyAbandons;
	return metrics.serviceLevel;
}

/**
 * The constraints that `metrics` violate, in the order serviceLevel, asa, abandonment,
 * occupancy, stability (an unstable queue violates stability and every target it cannot meet).
 *
 * @example failingConstraints(evaluateErlangC({ … agents: 13 }), resolved) // ['serviceLevel']
 */
export function failingConstraints(metrics: QueueMetrics, t: ResolvedTargets): BindingConstraint[] {
	const failing: BindingConstraint[] = [];
	if (t.serviceLevelTarget !== undefined && serviceLevelOn(metrics, t.serviceLevelBasis) < t.serviceLevelTarget * (1 - SLACK)) {
		failing.push('serviceLevel');
	}
	if (t.maxAsaSec !== undefined && (metrics.asaSec === null || metrics.asaSec > t.maxAsaSec * (1 + SLACK))) {
		failing.push('asa');
	}
	if (t.maxAbandonFraction !== undefined && metrics.pAbandon > t.maxAbandonFraction * (1 + SLACK)) {
		failing.push('abandonment');
	}
	if (t.maxOccupancy !== undefined && metrics.occupancy > t.maxOccupancy * (1 + SLACK)) {
		failing.push('occupancy');
	}
	if (!metrics.stable) failing.push('stability');
	return failing;
}

/** True when `metrics` meet every target (and the queue is stable). */
export function meetsTargets(metrics: QueueMetrics, t: ResolvedTargets): boolean {
	return failingConstraints(metrics, t).length === 0;
}
