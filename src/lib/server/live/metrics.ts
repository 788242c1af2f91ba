import type { ChannelConfig } from '$lib/types/domain';
import type { WindowMetrics } from '$lib/types/realtime';

/**
 * Counters for one channel over one stretch of time, and their conversion into the KPIs of
 * docs/domain.md. Counters add, so a window is the sum of its minute buckets.
 */
export interface Counters {
	/** 咨询量: contacts that arrived */
	offered: number;
	/** of the contacts that arrived here, how many were first-responded within immediateResponseSec (attributed to the arrival's bucket) */
	immediate: number;
	/** first responses (contact.answered) that happened here */
	answered: number;
	answeredWithinTarget: number;
	frtSumMs: number;
	abandoned: number;
	/** abandons before the grace (excluded from SL) */
	abandonedInGrace: number;
	/** abandons after the SL target time T */
	abandonedAfterTarget: number;
	resolved: number;
	handleSumMs: number;
	handled: number;
	csatSum: number;
	csatCount: number;
	/** resolutions here whose contact was reopened later the same day (FCR's misses), counted in the resolution's slot */
	reopenedAfterResolve: number;
	/**
	 * Outcome not yet known — never stored, added at snapshot time from the open contacts (liveState
	 * `addPending`): arrivals here still waiting for a first response within the 即时响应 threshold /
	 * within the SL target T, and contacts whose first wait has passed T (an SL miss, in the slot where
	 * they crossed T).
	 */
	pendingImmediate: number;
	pendingOutcome: number;
	waitingPastTarget: number;
	/** first-response wait histogram: ceil(seconds) bucket → count (same buckets as the storage MV) */
	frtHist: Map<number, number>;
}

export function emptyCounters(): Counters {
	return {
		offered: 0,
		immediate: 0,
		answered: 0,
		answeredWithinTarget: 0,
		frtSumMs: 0,
		abandoned: 0,
		abandonedInGrace: 0,
		abandonedAfterTarget: 0,
		resolved: 0,
		handleSumMs: 0,
		handled: 0,
		csatSum: 0,
		csatCount: 0,
		reopenedAfterResolve: 0,
		pendingImmediate: 0,
		pendingOutcome: 0,
		waitingPastTarget: 0,
		frtHist: new Map()
	};
}

export function addCounters(into: Counters, c: Counters): Counters {
	into.offered += c.offered;
	into.immediate += c.immediate;
	into.answered += c.answered;
	into.answeredWithinTarget += c.answeredWithinTarget;
	into.frtSumMs += c.frtSumMs;
	into.abandoned += c.abandoned;
	into.abandonedInGrace += c.abandonedInGrace;
	into.abandonedAfterTarget += c.abandonedAfterTarget;
	into.resolved += c.resolved;
	into.handleSumMs += c.handleSumMs;
	into.handled += c.handled;
	into.csatSum += c.csatSum;
	into.csatCount += c.csatCount;
	into.reopenedAfterResolve += c.reopenedAfterResolve;
	into.pendingImmediate += c.pendingImmediate;
	into.pendingOutcome += c.pendingOutcome;
	into.waitingPastTarget += c.waitingPastTarget;
	for (const [k, v] of c.frtHist) into.frtHist.set(k, (into.frtHist.get(k) ?? 0) + v);
	return into;
}

/**
 * Wait bucket: the wait rounded UP to a bucket edge in seconds — 1 s up to 300 s, 10 s up to 1 h,
 * 15 min up to 72 h, then one overflow bucket. The same rule as migration 0002, so "within T" is
 * exact for any T on an edge.
 */
export function waitBucketSec(waitMs: number): number {
	const s = Math.ceil(Math.max(0, waitMs) / 1000);
	if (s <= 300) return s;
	if (s <= 3600) return Math.ceil(s / 10) * 10;
	if (s <= 259200) return Math.ceil(s / 900) * 900;
	return 4294967295;
}

/** p-quantile of a bucket histogram (upper bucket edge where the cumulative share reaches p), in ms. */
export function histQuantileMs(hist: Map<number, number>, p: number): number | null {
	let total = 0;
	for (const v of hist.values()) total += v;
	if (total === 0) return null;
	const keys = [...hist.keys()].sort((a, b) => a - b);
	const rank = Math.ceil(p * total);
	let cum = 0;
	for (const k of keys) {
		cum += hist.get(k)!;
		if (cum >= rank) return k * 1000;
	}
	return keys.at(-1)! * 1000;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * KPIs from counters (docs/metrics.md "The wall-board's figures"). A contact counts in service level,
 * 即时响应率 and abandon rate once its outcome is known: answered, abandoned, or still waiting past the
 * threshold (then it is a miss). A contact still waiting inside its threshold is in none of them yet.
 * - service level: answered within T over the channel's slFormula denominator plus contacts waiting
 *   past T (default: answered + abandoned after T + waiting past T; abandons before the grace excluded;
 *   `answered_over_answered` counts answers only, by definition);
 * - 即时响应率: arrivals first-responded within immediateResponseSec ÷ arrivals whose outcome is known
 *   (arrivals − those still waiting inside immediateResponseSec);
 * - abandon rate: abandoned ÷ arrivals whose outcome is known (arrivals − those still waiting inside T);
 * - FRT: mean and p90 of arrival → first human response; AHT: mean of pickup → resolution;
 * - FCR: (resolved − resolved then reopened the same day) ÷ resolved; CSAT: mean rating.
 */
export function toWindowMetrics(c: Counters, ch: ChannelConfig): WindowMetrics {
	let slDen: number;
	switch (ch.slFormula) {
		case 'answered_over_answered_plus_late_abandons':
			slDen = c.answered + c.abandonedAfterTarget + c.waitingPastTarget;
			break;
		case 'answered_over_offered':
			slDen = c.answered + c.abandoned - c.abandonedInGrace + c.waitingPastTarget;
			break;
		case 'answered_over_answered':
			slDen = c.answered;
			break;
	}
	const sl = ratio(c.answeredWithinTarget, slDen);
	return {
		offered: c.offered,
		answered: c.answered,
		abandoned: c.abandoned,
		resolved: c.resolved,
		serviceLevelPct: sl === null ? null : sl * 100,
		// 即时响应率 is a realtime-channel KPI (chat/phone); e-mail and tickets run on hours
		immediateResponsePct: ch.kind === 'realtime' ? pct(ratio(c.immediate, c.offered - c.pendingImmediate)) : null,
		avgFirstResponseMs: ratio(c.frtSumMs, c.answered),
		p90FirstResponseMs: histQuantileMs(c.frtHist, 0.9),
		ahtMs: ratio(c.handleSumMs, c.handled),
		abandonRatePct: pct(ratio(c.abandoned, c.offered - c.pendingOutcome)),
		csatAvg: ratio(c.csatSum, c.csatCount),
		fcrPct: pct(ratio(c.resolved - c.reopenedAfterResolve, c.resolved))
	};
}

function pct(x: number | null): number | null {
	return x === null ? null : x * 100;
}
