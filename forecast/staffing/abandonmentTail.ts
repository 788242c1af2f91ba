import { logErlangAFunction } from './incompleteGamma';

/**
 * The queueing part shared by Erlang C, Erlang A and the chat model: a birth–death chain whose
 * states above some level c ("every agent or chat slot busy") have arrival rate λ and death rate
 * R + kθ with k contacts waiting (R = completion rate with all slots busy, θ = 1/mean patience,
 * FCFS). Only the states below c differ between the models; they enter here through one number,
 * the log of their stationary mass relative to state c.
 *
 * Formulas (derivation in docs/staffing-models.md; Mandelbaum & Zeltyn, "The M/M/n+G queue:
 * summary of performance measures", §4; Garnett, Mandelbaum & Reiman 2002, MSOM 4(3)), with
 * x = R/θ, y = λ/θ, z = y·e^{−θt} and A(·,·) the Erlang A function of {@link logErlangAFunction}:
 * - P(wait) = A(x,y) / (L + A(x,y)), L = Σ_{j<c} π_j / π_c;
 * - P(V > t | wait) = e^{y−z} (z/y)^x A(x,z) / A(x,y), V the offered wait (FCFS virtual wait);
 * - P(answered, V > t | wait) = e^{y−z} (z/y)^{x+1} · x/(x+1) · A(x+1,z) / A(x,y);
 * - P(abandon | wait) = θ E[queue | wait] / λ (Little's law on abandonments), with E[queue]
 *   summed directly so that small abandonment rates lose no digits;
 * - ASA (answered only): Σ_k π_{c+k} · x/(x+k+1) · Σ_{i=1}^{k+1} 1/(θ(x+i)), from the Laplace
 *   transform of the hypo-exponential offered wait V_k = Σ_{i=0}^{k} Exp(R + iθ) at s = θ.
 * With θ = 0 the tail is geometric (Erlang C): P(V > t | wait) = e^{−(R−λ)t}, ASA|wait = 1/(R−λ).
 */
export interface QueueTailInput {
	/** ln(Σ_{j<c} π_j / π_c); −Infinity when c = 0 (every state is a queueing state). */
	logLowerMass: number;
	/** R > 0: total completion rate per second when every slot is busy. */
	fullRatePerSec: number;
	/** λ > 0 per second. */
	arrivalRatePerSec: number;
	/** θ ≥ 0 per second (1 / mean patience); 0 for no abandonment. */
	abandonRatePerSec: number;
	thresholdSec: number;
}

export interface QueueTail {
	stable: boolean;
	/** P(an arrival finds all slots busy) = P(wait > 0), by PASTA. */
	pWait: number;
	/** π_c, the stationary probability of "all slots busy, nobody waiting". */
	piFull: number;
	pAbandon: number;
	/** P(answered within t) over all arrivals. */
	answeredWithin: number;
	/** P(abandoned at or before t) over all arrivals. */
	abandonedWithin: number;
	/** Mean wait of answered contacts, seconds; null if unstable or nobody is answered. */
	asaSec: number | null;
	/** Mean wait of all arrivals, seconds; null if unstable. */
	meanWaitSec: number | null;
}

const UNSTABLE: QueueTail = {
	stable: false,
	pWait: 1,
	piFull: 0,
	pAbandon: 0,
	answeredWithin: 0,
	abandonedWithin: 0,
	asaSec: null,
	meanWaitSec: null
};

/** P(wait) = S / (L + S) from logs, without overflow either way. */
function waitProbability(logLowerMass: number, logS: number): number {
	const d = logLowerMass - logS;
	if (d === -Infinity) return 1;
	return d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
}

/** ψ(b) − ψ(a) for a, b ≥ 1000 by the asymptotic series (A&S 6.3.18), with ln(b/a) via log1p. */
function digammaDifference(a: number, b: number): number {
	const tail = (v: number): number => {
		const i2 = 1 / (v * v);
		return 1 / (2 * v) + i2 * (1 / 12 - i2 * (1 / 120 - i2 * (1 / 252)));
	};
	return Math.log1p((b - a) / a) - tail(b) + tail(a);
}

/**
 * Ratios over the queue states k = 0, 1, … with weights t_k = Π_{i=1}^k y/(x+i):
 * E[k]/S and Σ t_k·x/(x+k+1)·H_k / S with H_k = Σ_{i=1}^{k+1} 1/(x+i). Summed outward from the
 * largest term (k* = ⌊y − x⌋ in overload, 0 otherwise), normalised to 1 there, so nothing
 * overflows and the work is O(√y) whatever the overload.
 */
function queueMoments(x: number, y: number): { meanQueue: number; asaNum: number } {
	const kStar = Math.max(0, Math.floor(y - x));
	let hStar = 0;
	if (kStar <= 1000 || x + 1 < 1000) {
		for (let i = 1; i <= kStar + 1; i++) hStar += 1 / (x + i);
	} else {
		hStar = digammaDifference(x + 1, x + kStar + 2);
	}
	let s = 0;
	let m1 = 0;
	let asa = 0;
	// upward from the peak
	let t = 1;
	let h = hStar;
	let k = kStar;
	for (;;) {
		s += t;
		m1 += k * t;
		asa += ((t * x) / (x + k + 1)) * h;
		k += 1;
		t *= y / (x + k);
		h += 1 / (x + k + 1);
		if (t < 1e-18 * s && k > kStar) break;
	}
	// downward from the peak
	t = 1;
	h = hStar;
	k = kStar;
	while (k > 0) {
		t *= (x + k) / y;
		h -= 1 / (x + k + 1);
		k -= 1;
		s += t;
		m1 += k * t;
		asa += ((t * x) / (x + k + 1)) * h;
		if (t < 1e-18 * s) break;
	}
	return { meanQueue: m1 / s, asaNum: asa / s };
}

/**
 * Steady-state figures of the queueing states (see the interface comment for formulas).
 * Internal building block of {@link evaluateErlangA} and {@link evaluateChatConcurrency}; inputs
 * are assumed validated by the caller.
 *
 * @example evaluateQueueTail({ logLowerMass: Math.log(1 / 0.0128 - 1), fullRatePerSec: 14 / 180,
 *   arrivalRatePerSec: 100 / 1800, abandonRatePerSec: 1 / 300, thresholdSec: 20 })
 */
export function evaluateQueueTail(input: QueueTailInput): QueueTail {
	const { logLowerMass, fullRatePerSec: r, arrivalRatePerSec: lambda, abandonRatePerSec: theta, thresholdSec: t } =
		input;
	if (theta === 0) {
		if (lambda >= r) return UNSTABLE;
		const logS = -Math.log1p(-lambda / r);
		const pWait = waitProbability(logLowerMass, logS);
		const gap = r - lambda;
		const asaSec = pWait / gap;
		return {
			stable: true,
			pWait,
			piFull: Math.exp(Math.log(pWait) - logS),
			pAbandon: 0,
			answeredWithin: 1 - pWait * Math.exp(-gap * t),
			abandonedWithin: 0,
			asaSec,
			meanWaitSec: asaSec
		};
	}
	const x = r / theta;
	const y = lambda / theta;
	const logS = logErlangAFunction(x, y);
	const pWait = waitProbability(logLowerMass, logS);
	const { meanQueue, asaNum } = queueMoments(x, y);
	const abandonGivenWait = meanQueue / y;
	const pAbandon = pWait * abandonGivenWait;
	let answeredWithin: number;
	let pWaitBeyond: number;
	if (t === 0) {
		answeredWithin = 1 - pWait;
		pWaitBeyond = pWait;
	} else {
		const thetaT = theta * t;
		const z = y * Math.exp(-thetaT);
		const yMinusZ = -y * Math.expm1(-thetaT);
		const offeredBeyond = z > 0 ? Math.exp(yMinusZ - x * thetaT + logErlangAFunction(x, z) - logS) : 0;
		const answeredBeyond =
			z > 0
				? Math.exp(yMinusZ - (x + 1) * thetaT + Math.log(x / (x + 1)) + logErlangAFunction(x + 1, z) - logS)
				: 0;
		answeredWithin = Math.max(0, 1 - pWait + pWait * (1 - abandonGivenWait - answeredBeyond));
		// W = min(V, patience) exceeds t iff both do (patience independent of V).
		pWaitBeyond = pWait * offeredBeyond * Math.exp(-thetaT);
	}
	const answered = 1 - pAbandon;
	return {
		stable: true,
		pWait,
		piFull: Math.exp(Math.log(pWait) - logS),
		pAbandon,
		answeredWithin: Math.min(answeredWithin, answered),
		abandonedWithin: Math.max(0, Math.min(pAbandon, 1 - pWaitBeyond - answeredWithin)),
		asaSec: answered > 0 ? (pWait * asaNum) / theta / answered : null,
		meanWaitSec: pAbandon / theta
	};
}
