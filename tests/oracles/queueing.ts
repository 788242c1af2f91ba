/**
 * Independent textbook queueing formulas, written for the tests only: they share no code with
 * `forecast/staffing` (which evaluates Erlang A's tail by incomplete gamma functions in log space
 * and searches by galloping/bisection). Here everything is the plainest route to the same
 * definitions, so that a test comparing the two compares two computations, not one:
 *
 * - Erlang C from the Erlang B recursion B(n) = A·B(n−1)/(n + A·B(n−1)), C = N·B/(N − A(1 − B)),
 *   SL(T) = 1 − C·e^{−(N−A)T/AHT} (Cooper, "Introduction to Queueing Theory" 2nd ed., §3.1;
 *   Koole, "Call Center Optimization" §3.3).
 * - Any birth–death chain with patience (Erlang A = M/M/N+M, Palm 1943, Garnett–Mandelbaum–Reiman
 *   2002; the state-dependent chat chain of docs/staffing-models.md) by summing the chain itself:
 *   stationary weights by the product form π_j/π_{j−1} = λ/d(j) (Kleinrock vol. 1, §3.1), truncated
 *   where they fall below 1e-18 of the largest; P(wait), P(abandon) = θ·E[queue]/λ and the
 *   occupancy as sums over states; "answered within T" (over all arrivals) for an arrival that
 *   finds q chats or calls queued ahead by uniformization (Grassmann 1977; Tijms, "A First Course
 *   in Stochastic Models" §4.5) of the tagged customer's progress: it moves up at rate R + iθ with
 *   i ahead (R: the full service rate), and leaves at its own rate θ.
 * - Scheduled agents after shrinkage: ⌈agents ÷ (1 − s)⌉ (Cleveland, "Call Center Management on
 *   Fast Forward", ch. 6).
 * - The smallest N meeting every target by a plain upward scan; the binding constraint by the
 *   planner's rule (docs/staffing-models.md): of the targets failing at N − 1, the one whose metric,
 *   interpolated linearly between N − 1 and N, needs the most fractional agents.
 */

export interface Metrics {
	agents: number;
	stable: boolean;
	/** probability an arrival waits (finds every position taken) */
	pWait: number;
	serviceLevel: number;
	pAbandon: number;
	occupancy: number;
}

/** Erlang C (M/M/N) at N agents, offered load A Erlangs, threshold T, handle time AHT. */
export function erlangC(agents: number, loadErlangs: number, thresholdSec: number, ahtSec: number): Metrics {
	if (agents === 0) return noAgents(false);
	if (agents <= loadErlangs) return { agents, stable: false, pWait: 1, serviceLevel: 0, pAbandon: 0, occupancy: 1 };
	let b = 1;
	for (let n = 1; n <= agents; n++) b = (loadErlangs * b) / (n + loadErlangs * b);
	const c = (agents * b) / (agents - loadErlangs * (1 - b));
	return {
		agents,
		stable: true,
		pWait: c,
		serviceLevel: 1 - c * Math.exp((-(agents - loadErlangs) * thresholdSec) / ahtSec),
		pAbandon: 0,
		occupancy: loadErlangs / agents
	};
}

export interface Chain {
	/** arrivals per second */
	lambda: number;
	/** service positions (agents, or chat slots): below this an arrival is served at once */
	positions: number;
	/** total completion rate with j = 1…positions in service */
	deathRate(j: number): number;
	/** agents busy with j in service (for the occupancy) */
	busyAgents(j: number): number;
	agents: number;
	/** abandonment rate of one waiting customer, 1/mean patience; 0 = nobody leaves */
	theta: number;
	thresholdSec: number;
}

/**
 * Nobody on duty, contacts arriving: nobody is answered (SL 0, every arrival waits); with patience
 * everyone leaves (P(abandon) 1, and the queue is stable), without it the queue grows for ever.
 * There is no agent time, so no occupancy (0): an occupancy cap cannot fail at 0 agents.
 */
function noAgents(patient: boolean): Metrics {
	return { agents: 0, stable: patient, pWait: 1, serviceLevel: 0, pAbandon: patient ? 1 : 0, occupancy: 0 };
}

/** Metrics of a birth–death chain with FCFS queue and exponential patience, by summing its states. */
export function birthDeath(ch: Chain): Metrics {
	const { lambda, positions: s, theta, agents } = ch;
	const full = ch.deathRate(s);
	if (theta === 0 && lambda >= full) return { agents, stable: false, pWait: 1, serviceLevel: 0, pAbandon: 0, occupancy: 1 };
	// log weights, up to where the queue's weights are negligible
	const logW: number[] = [0];
	let max = 0;
	for (let j = 1; ; j++) {
		const d = j <= s ? ch.deathRate(j) : full + (j - s) * theta;
		const lw = logW[j - 1] + Math.log(lambda) - Math.log(d);
		logW.push(lw);
		if (lw > max) max = lw;
		if (j > s && lw < max - 41.5 && d > lambda) break; // e^-41.5 < 1e-18, and falling from here on
		if (j > s + 10_000_000) throw new Error('oracle: chain does not settle');
	}
	const w = logW.map((lw) => Math.exp(lw - max));
	const total = w.reduce((a, b) => a + b, 0);
	const p = w.map((x) => x / total);
	let pWait = 0;
	let queueMean = 0;
	let busy = 0;
	for (let j = 0; j < p.length; j++) {
		if (j >= s) pWait += p[j];
		if (j > s) queueMean += (j - s) * p[j];
		busy += p[j] * ch.busyAgents(Math.min(j, s));
	}
	// answered within T: served at once below s; with q ahead, by uniformization
	const qMax = p.length - 1 - s;
	const servedBy = servedWithin(full, theta, qMax, ch.thresholdSec);
	let sl = 1 - pWait;
	for (let q = 0; q <= qMax; q++) sl += p[s + q] * servedBy[q];
	return { agents, stable: true, pWait, serviceLevel: sl, pAbandon: theta > 0 ? (theta * queueMean) / lambda : 0, occupancy: busy / agents };
}

/**
 * P(served within t) for a tagged customer with q = 0…qMax ahead in the queue: with i ahead it
 * moves up at rate R + iθ (a service completion or an abandonment ahead), reaching service from
 * 0 ahead at rate R; it abandons itself at rate θ. Uniformized at Λ = R + (qMax + 1)θ:
 * P = Σ_n Poisson(n; Λt)·s_n(q), s_n = P(served within n steps of the embedded chain).
 */
function servedWithin(r: number, theta: number, qMax: number, t: number): number[] {
	const big = r + (qMax + 1) * theta;
	const mean = big * t;
	let s = new Array<number>(qMax + 1).fill(0);
	const out = new Array<number>(qMax + 1).fill(0);
	if (t === 0) return out;
	let logPois = -mean; // n = 0
	for (let n = 1; ; n++) {
		const next = new Array<number>(qMax + 1);
		for (let q = 0; q <= qMax; q++) {
			const up = (r + q * theta) / big;
			const stay = 1 - (r + q * theta + theta) / big;
			next[q] = up * (q === 0 ? 1 : s[q - 1]) + stay * s[q];
		}
		s = next;
		logPois += Math.log(mean) - Math.log(n);
		const pn = Math.exp(logPois);
		for (let q = 0; q <= qMax; q++) out[q] += pn * s[q];
		// past 2Λt + 10 each term is under half the one before, so the rest sums to under 2·pn
		if (n > 2 * mean + 10 && pn < 1e-18) break;
	}
	return out;
}

/** Erlang A (M/M/N+M) at N agents: the chain with d(j) = j/AHT below N. */
export function erlangA(agents: number, arrivalsPerSec: number, ahtSec: number, patienceSec: number, thresholdSec: number): Metrics {
	if (agents === 0) return noAgents(true);
	return birthDeath({
		lambda: arrivalsPerSec,
		positions: agents,
		deathRate: (j) => j / ahtSec,
		busyAgents: (j) => j,
		agents,
		theta: 1 / patienceSec,
		thresholdSec
	});
}

/**
 * The chat chain of docs/staffing-models.md ("State-dependent model"): N agents up to m chats,
 * each chat of an agent holding k finishing at 1/AHT_k, least-loaded assignment — with j chats in
 * service r = j mod N agents hold ⌊j/N⌋ + 1 and the rest ⌊j/N⌋; an agent is busy holding ≥ 1.
 */
export function chatChain(agents: number, arrivalsPerSec: number, ahtSec: readonly number[], patienceSec: number | null, thresholdSec: number): Metrics {
	if (agents === 0) return noAgents(patienceSec !== null);
	const m = ahtSec.length;
	return birthDeath({
		lambda: arrivalsPerSec,
		positions: agents * m,
		deathRate: (j) => {
			const q = Math.floor(j / agents);
			const r = j - q * agents;
			return (q > 0 ? ((agents - r) * q) / ahtSec[q - 1] : 0) + (r > 0 ? (r * (q + 1)) / ahtSec[q] : 0);
		},
		busyAgents: (j) => Math.min(j, agents),
		agents,
		theta: patienceSec === null ? 0 : 1 / patienceSec,
		thresholdSec
	});
}

export interface Targets {
	serviceLevel: number;
	maxOccupancy: number | null;
	maxAbandon: number | null;
	shrinkage: number;
}

type Constraint = 'serviceLevel' | 'abandonment' | 'occupancy';

function failing(m: Metrics, t: Targets): Constraint[] {
	const f: Constraint[] = [];
	if (!m.stable || m.serviceLevel < t.serviceLevel) f.push('serviceLevel');
	if (t.maxAbandon !== null && m.pAbandon > t.maxAbandon) f.push('abandonment');
	if (t.maxOccupancy !== null && m.occupancy > t.maxOccupancy) f.push('occupancy');
	return f;
}

/** ⌈agents ÷ (1 − s)⌉, guarded against binary noise (14 ÷ 0.7 = 20.000000000000004 in floating point). */
export function scheduled(agents: number, shrinkage: number): number {
	return Math.ceil(agents / (1 - shrinkage) - 1e-9);
}

/**
 * The smallest N ≥ `from` whose metrics meet every target (and are stable), its scheduled agents,
 * and the binding constraint.
 */
export function solve(evaluate: (n: number) => Metrics, t: Targets, hasLoad: boolean): { agents: number; scheduledAgents: number; bindingConstraint: string } {
	if (!hasLoad) return { agents: 0, scheduledAgents: 0, bindingConstraint: 'none' };
	// the scan starts at 0 agents, so that N − 1 is judged by its metrics even when N = 1
	let prev: Metrics | null = null;
	for (let n = 0; ; n++) {
		const m = evaluate(n);
		if (m.stable && failing(m, t).length === 0) {
			let binding = 'stability';
			if (prev !== null) {
				let best = -Infinity;
				for (const c of failing(prev, t)) {
					const f = fractional(prev, m, c, t);
					if (f > best) {
						best = f;
						binding = c;
					}
				}
			}
			return { agents: n, scheduledAgents: scheduled(n, t.shrinkage), bindingConstraint: binding };
		}
		prev = m;
		if (n > 100_000) throw new Error('oracle: no N up to 100 000 meets the targets');
	}
}

/** N − 1 + the share of the step from N − 1 to N that the metric needs to reach its target. */
function fractional(prev: Metrics, curr: Metrics, c: Constraint, t: Targets): number {
	const [v0, v1, target] =
		c === 'serviceLevel'
			? [prev.serviceLevel, curr.serviceLevel, t.serviceLevel]
			: c === 'abandonment'
				? [prev.pAbandon, curr.pAbandon, t.maxAbandon!]
				: [prev.occupancy, curr.occupancy, t.maxOccupancy!];
	const share = v1 === v0 ? 1 : Math.min(1, Math.max(0, (target - v0) / (v1 - v0)));
	return curr.agents - 1 + share;
}
