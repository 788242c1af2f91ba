import { type CallTraffic, erlangCMetrics } from './evaluateErlangC';
import { offeredLoadErlangs } from './offeredLoad';
import { staffingResult } from './requiredAgents';
import { resolveTargets, type ResolvedTargets } from './targets';
import type { StaffingResult, StaffingTargets } from './types';

/** Raw-number version of the Erlang C target check, so the scan allocates nothing. */
function meets(n: number, load: number, b: number, ahtSec: number, t: ResolvedTargets): boolean {
	// Only called with n > load (stable).
	const c = (n * b) / (n - load * (1 - b));
	const gap = n - load;
	if (t.serviceLevelTarget !== undefined) {
		const sl = 1 - c * Math.exp((-gap * t.thresholdSec) / ahtSec);
		if (sl < t.serviceLevelTarget * (1 - 1e-12)) return false;
	}
	if (t.maxAsaSec !== undefined && (c * ahtSec) / gap > t.maxAsaSec * (1 + 1e-12)) return false;
	if (t.maxOccupancy !== undefined && load / n > t.maxOccupancy * (1 + 1e-12)) return false;
	return true;
}

/**
 * Required agents for one interval under Erlang C (M/M/N, no abandonment): the smallest N that
 * keeps the queue stable (N > A) and meets every given target — service level ≥ target at
 * thresholdSec, ASA ≤ maxAsaSec, occupancy A/N ≤ maxOccupancy — plus the scheduled agents after
 * shrinkage, ⌈N / (1 − shrinkage)⌉, the fractional requirement (interpolated on the binding
 * metric between N − 1 and N) and which constraint binds.
 *
 * Scans N upward from ⌊A⌋ + 1 carrying the Erlang B recursion B(n) = A·B(n−1)/(n + A·B(n−1)),
 * so the whole solve costs O(A + √A) arithmetic steps and no allocation until the result
 * (Erlang C = N·B/(N − A(1 − B)); SL, ASA as in {@link evaluateErlangC}).
 *
 * Published checks (tests): 100 calls / 30 min, AHT 180 s, 80/20 → 14 agents, 20 scheduled at
 * 30 % shrinkage; 1 000 calls / hour, AHT 120 s, 80/20, max occupancy 85 %, shrinkage 30 % →
 * 40 agents (occupancy binds), 58 scheduled, SL 93.72 %.
 *
 * @throws when an argument or target is out of range, no target is given, or maxAbandonFraction
 *   is set (Erlang C has no abandonment: use requiredAgentsErlangA)
 * @example requiredAgentsErlangC({ arrivals: 100, intervalSec: 1800, ahtSec: 180 },
 *   { thresholdSec: 20, serviceLevelTarget: 0.8, shrinkageFraction: 0.3 }) // agents 14, scheduledAgents 20
 */
export function requiredAgentsErlangC(traffic: CallTraffic, targets: StaffingTargets): StaffingResult {
	const fn = 'requiredAgentsErlangC';
	const t = resolveTargets(fn, targets, false);
	const { ahtSec } = traffic;
	const load = offeredLoadErlangs(traffic.arrivals, traffic.intervalSec, ahtSec);
	if (load === 0) {
		const n = t.minAgents;
		return staffingResult(erlangCMetrics(n, 0, ahtSec, t.thresholdSec, 0), null, t);
	}
	// Carry B up to the first stable N (or the caller's floor), then scan.
	const start = Math.max(t.minAgents, Math.floor(load) + 1);
	let bPrev = 1;
	for (let n = 1; n < start; n++) {
		const ab = load * bPrev;
		bPrev = ab / (n + ab);
	}
	const limit = start + 10 * Math.ceil(Math.sqrt(load)) + 10_000;
	let n = start;
	let b = (load * bPrev) / (n + load * bPrev);
	while (!meets(n, load, b, ahtSec, t)) {
		n += 1;
		if (n > limit) throw new Error(`${fn}: no agent count up to ${limit} meets the targets`);
		bPrev = b;
		b = (load * bPrev) / (n + load * bPrev);
	}
	const curr = erlangCMetrics(n, load, ahtSec, t.thresholdSec, b);
	const prev = erlangCMetrics(n - 1, load, ahtSec, t.thresholdSec, bPrev);
	return staffingResult(curr, prev, t);
}
