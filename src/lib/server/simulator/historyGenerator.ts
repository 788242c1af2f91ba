import { DateTime } from 'luxon';
import type { ChannelConfig, QueueConfig } from '$lib/types/domain';
import { waitBucketSec } from '../live/metrics';
import {
	BACKFILL_CAPACITY_FACTOR,
	BACKFILL_PLAN_FRACTION,
	BREAK_SHARE,
	CSAT_DIST,
	NPS_BY_CSAT,
	NPS_SHARE,
	QUEUE_PARAMS,
	type ChannelParams,
	type QueueParams
} from './params';
import { Rng } from './random';
import { deferredAgentsTarget, planServers, waitProbability } from './staffing';
import { INTERVAL_MS, VolumeModel } from './volumeModel';

/** One row of `contact_minute` as the backfill writes it (origin 'backfill', 15-minute grain). */
export interface BackfillRow {
	/** interval start, UTC 'YYYY-MM-DD hh:mm:ss' */
	minute: string;
	channel: string;
	queue: string;
	origin: 'backfill';
	offered: number;
	answered: number;
	abandoned: number;
	resolved: number;
	reopened: number;
	wait_answered_ms_sum: number;
	handle_ms_sum: number;
	handled: number;
	/** sumMap tuple: ([bucket seconds…], [counts…]) with the bucket rule of migration 0002 */
	answered_wait_hist: [number[], number[]];
	abandoned_wait_hist: [number[], number[]];
	csat_sum: number;
	csat_count: number;
	nps_promoters: number;
	nps_detractors: number;
	nps_count: number;
}

export interface HistoryPlan {
	seed: number;
	/** first interval start (local midnight), epoch ms */
	fromMs: number;
	/** end (exclusive); the last interval may be partial and is scaled by the elapsed share */
	toMs: number;
}

export interface HistoryChunk {
	index: number;
	/** the chunk covers [fromMs, toMs): one UTC calendar month (the table's partition), clipped to the plan */
	fromMs: number;
	toMs: number;
	rows: BackfillRow[];
}

/**
 * The chunks of a plan: UTC calendar months (contact_minute is partitioned by toYYYYMM(minute) in
 * UTC, so each chunk is one partition and one atomic insert), clipped to [fromMs, toMs).
 */
export function historyChunkBounds(plan: HistoryPlan): { fromMs: number; toMs: number }[] {
	const out: { fromMs: number; toMs: number }[] = [];
	let t = plan.fromMs;
	while (t < plan.toMs) {
		const d = new Date(t);
		const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
		out.push({ fromMs: t, toMs: Math.min(next, plan.toMs) });
		t = next;
	}
	return out;
}

/** Number of 15-minute interval starts in [fromMs, toMs) on the interval grid. */
export function intervalsIn(fromMs: number, toMs: number): number {
	const first = Math.ceil(fromMs / INTERVAL_MS) * INTERVAL_MS;
	return first < toMs ? Math.floor((toMs - 1 - first) / INTERVAL_MS) + 1 : 0;
}

/** Plan of `days` days ending at `endMs`, starting at local midnight. */
export function planHistory(endMs: number, days: number, timezone: string, seed: number): HistoryPlan {
	if (!Number.isInteger(days) || days < 1) throw new Error(`planHistory: days must be a positive integer, got ${days}`);
	const from = DateTime.fromMillis(endMs, { zone: timezone }).startOf('day').minus({ days }).toMillis();
	return { seed, fromMs: from, toMs: endMs };
}

interface DeferredBatch {
	arrivedMs: number;
	count: number;
}

/**
 * Generates the interval-level history, month by month, from the same volume model as live mode
 * (docs/simulator.md "Backfill"): offered ~ Poisson(model); realtime channels (chat, phone) get
 * waits from the Erlang C queue the centre was staffed as at that interval (planned to the same
 * rule as the live roster, times that day's staffing factor), abandons from the same patience
 * distribution; deferred channels (e-mail, tickets) are worked FIFO from a backlog by the crew the
 * live roster would have, so night arrivals wait for the morning. Deterministic in the plan: the
 * months are generated in order (the deferred backlog carries across) from one seeded stream per
 * month, so a resumed run regenerates identical rows.
 */
export function generateHistory(
	plan: HistoryPlan,
	opts: { channels: readonly ChannelConfig[]; queues: readonly QueueConfig[]; timezone: string; volumeScale?: number }
): Generator<HistoryChunk> {
	return generateHistorySlices(plan, opts, false) as Generator<HistoryChunk>;
}

/**
 * As {@link generateHistory}, but with `pauses` also yields `null` after every generated day, so a
 * caller on a server's event loop can yield between days (a month takes ~150 ms to generate).
 */
export function* generateHistorySlices(
	plan: HistoryPlan,
	opts: { channels: readonly ChannelConfig[]; queues: readonly QueueConfig[]; timezone: string; volumeScale?: number },
	pauses: boolean
): Generator<HistoryChunk | null> {
	const model = new VolumeModel({ ...opts, seed: plan.seed });
	const nq = opts.queues.length;
	const chans = opts.channels.map((cfg, idx) => ({
		cfg,
		idx,
		p: model.params[idx],
		realtime: cfg.kind === 'realtime',
		// FIFO backlog per queue, and fractional capacity carried between intervals
		backlog: Array.from({ length: nq }, () => [] as DeferredBatch[]),
		carry: new Float64Array(nq)
	}));
	const queueParams = model.queueArchetypes.map((qa) => QUEUE_PARAMS[qa]);
	const acc = new RowAccumulator();
	const bounds = historyChunkBounds(plan);
	for (let index = 0; index < bounds.length; index++) {
		const { fromMs, toMs } = bounds[index];
		const rng = new Rng(plan.seed, 1_000_003 + index);
		acc.rng = rng;
		const rows: BackfillRow[] = [];
		const first = Math.ceil(fromMs / INTERVAL_MS) * INTERVAL_MS;
		for (let t = first; t < toMs; t += INTERVAL_MS) {
			if (pauses && t > first && (t - first) % 86_400_000 === 0) yield null;
			const day = model.dayAt(t);
			const k = Math.min(day.intervalCount - 1, Math.floor((t - day.startMs) / INTERVAL_MS));
			const hour = Math.min(23, Math.floor((t - day.startMs) / 3_600_000));
			// the interval in progress at the end of the history counts only its elapsed share
			const share = Math.min(1, (plan.toMs - t) / INTERVAL_MS);
			const minute = new Date(t).toISOString().slice(0, 19).replace('T', ' ');
			const aht = day.effect.aht;
			for (const ch of chans) {
				const p = ch.p;
				const handleSec = p.meanHandleSec * aht;
				const staff = day.staffFactorByHour[ch.idx][hour];
				acc.handleMeanSec = handleSec;
				acc.handleSigma = p.handleSigma;
				acc.ratingShare = p.ratingShare;
				acc.slowMs = (ch.realtime ? ch.cfg.immediateResponseSec : ch.cfg.slTargetSec) * 1000;
				const queueState = ch.realtime ? realtimeQueueState(day.channelTotal[ch.idx] * day.intervalWeights[ch.idx][k], handleSec, staff, ch.cfg, p) : null;
				// deferred crew capacity of the interval, in contacts
				let capacity = 0;
				if (!ch.realtime) {
					const agents = deferredAgentsTarget(day.channelTotal[ch.idx], handleSec, p, hour, staff);
					capacity = (agents * (1 - BREAK_SHARE) * (INTERVAL_MS / 1000)) / handleSec;
				}
				for (let q = 0; q < nq; q++) {
					const qp = queueParams[q];
					acc.start(minute, ch.cfg.id, opts.queues[q].id, qp);
					const offered = rng.poisson(model.expectedInInterval(day, ch.idx, q, k) * share);
					acc.row.offered = offered;
					if (queueState) {
						const patienceMedianMs = (p.patienceMedianSec ?? 0) * 1000;
						for (let i = 0; i < offered; i++) {
							let waitMs = rng.uniform(p.pickupMinSec, p.pickupMaxSec) * 1000;
							if (queueState.overloadWaitMs > 0) waitMs += queueState.overloadWaitMs * rng.uniform(0.3, 1.7);
							else if (rng.next() < queueState.pWait) waitMs += rng.exponential(queueState.meanQueueWaitMs);
							const patienceMs = p.patienceMedianSec === null ? Infinity : rng.lognormalMedian(patienceMedianMs, p.patienceSigma);
							if (patienceMs < waitMs) acc.abandon(Math.round(patienceMs));
							else acc.serve(Math.round(waitMs));
						}
					} else {
						const backlog = ch.backlog[q];
						if (offered > 0) backlog.push({ arrivedMs: t, count: offered });
						const cap = capacity * day.queueShares[ch.idx][q] * share + ch.carry[q];
						let n = Math.floor(cap);
						ch.carry[q] = cap - n;
						while (n > 0 && backlog.length > 0) {
							const head = backlog[0];
							const take = Math.min(n, head.count);
							for (let i = 0; i < take; i++) {
								// arrival and pickup each fall somewhere in their intervals
								const lagMs =
									t === head.arrivedMs ? rng.next() * (INTERVAL_MS / 2) : t - head.arrivedMs + (rng.next() - rng.next()) * INTERVAL_MS;
								acc.serve(Math.max(p.pickupMinSec * 1000, Math.round(lagMs)));
							}
							head.count -= take;
							n -= take;
							if (head.count === 0) backlog.shift();
						}
					}
					rows.push(acc.finish());
				}
			}
		}
		yield { index, fromMs, toMs, rows };
	}
}

interface QueueState {
	/** Erlang C probability of waiting, and the mean wait of those who wait */
	pWait: number;
	meanQueueWaitMs: number;
	/** > 0 when the interval is overloaded: the wait around which abandons absorb the excess load */
	overloadWaitMs: number;
}

/**
 * The queue a realtime channel had in one interval: servers planned like the live roster (to the
 * channel's 即时响应 time, at BACKFILL_PLAN_FRACTION) times that hour's staffing factor times
 * BACKFILL_CAPACITY_FACTOR (both calibrated to live mode, see params.ts). Not overloaded: Erlang C, P(wait) = C(N, A) and waits Exp((N − A)/AHT), the mean capped
 * at the median patience (abandonment keeps a critically loaded queue short; Garnett,
 * Mandelbaum & Reiman 2002, "Designing a call center with impatient customers"). Overloaded
 * (N ≤ A): the fluid limit of that model — the queue settles where abandonments take the excess
 * load, a share 1 − N/A, i.e. at the wait w* with P(patience < w*) = 1 − N/A.
 */
function realtimeQueueState(
	expectedInInterval: number,
	handleSec: number,
	staff: number,
	cfg: ChannelConfig,
	p: ChannelParams
): QueueState {
	const lambda = expectedInInterval / (INTERVAL_MS / 1000);
	const load = lambda * handleSec;
	const targetSec = Math.max(1, cfg.immediateResponseSec - (p.pickupMinSec + p.pickupMaxSec) / 2);
	const minServers = 2 * Math.max(1, cfg.concurrency);
	const planned = Math.max(minServers, planServers(lambda, handleSec, targetSec, BACKFILL_PLAN_FRACTION).servers);
	const servers = Math.max(1, Math.floor(planned * staff * BACKFILL_CAPACITY_FACTOR));
	const patienceMedianMs = (p.patienceMedianSec ?? 60) * 1000;
	if (servers > load) {
		return {
			pWait: waitProbability(servers, load),
			meanQueueWaitMs: Math.min((handleSec * 1000) / (servers - load), patienceMedianMs),
			overloadWaitMs: 0
		};
	}
	const excess = Math.min(0.95, Math.max(0.02, 1 - servers / load));
	return { pWait: 1, meanQueueWaitMs: 0, overloadWaitMs: patienceMedianMs * Math.exp(p.patienceSigma * inverseNormal(excess)) };
}

/**
 * Accumulates one row: counts, sums, the two wait histograms (typed arrays indexed by bucket, only
 * the touched buckets are read back), ratings. One instance per generator, reused for every row.
 */
class RowAccumulator {
	rng!: Rng;
	row: BackfillRow = emptyRow('', '', '');
	handleMeanSec = 0;
	handleSigma = 0;
	ratingShare = 0;
	slowMs = 0;
	private qp!: QueueParams;
	private ans = new Float64Array(BUCKET_COUNT);
	private ab = new Float64Array(BUCKET_COUNT);
	private ansTouched: number[] = [];
	private abTouched: number[] = [];

	start(minute: string, channel: string, queue: string, qp: QueueParams): void {
		this.row = emptyRow(minute, channel, queue);
		this.qp = qp;
	}

	abandon(waitMs: number): void {
		this.row.abandoned++;
		const i = bucketIndex(waitMs);
		if (this.ab[i]++ === 0) this.abTouched.push(i);
	}

	serve(waitMs: number): void {
		const { row, rng, qp } = this;
		row.answered++;
		row.wait_answered_ms_sum += waitMs;
		const i = bucketIndex(waitMs);
		if (this.ans[i]++ === 0) this.ansTouched.push(i);
		row.handled++;
		row.resolved++;
		row.handle_ms_sum += Math.max(20_000, Math.round(rng.lognormalMean(this.handleMeanSec, this.handleSigma) * 1000));
		const u = rng.next();
		const fcr = u >= 1 - qp.fcr;
		if (u < qp.reopenProb) {
			// the second round is counted in the same interval (15-minute grain approximation)
			row.reopened++;
			row.resolved++;
			row.handled++;
			row.handle_ms_sum += Math.max(20_000, Math.round(rng.lognormalMean(this.handleMeanSec * 0.7, this.handleSigma) * 1000));
		}
		if (rng.next() < this.ratingShare) {
			const cum = !fcr ? CSAT_CUM.unresolved : waitMs > this.slowMs ? CSAT_CUM.slow : CSAT_CUM.good;
			let csat = pickCum(cum, rng.next()) + 1;
			if (qp.csatShift < 0 && rng.next() < 0.3) csat = Math.max(1, csat - 1);
			row.csat_sum += csat;
			row.csat_count++;
			if (rng.next() < NPS_SHARE) {
				const nps = pickCum(NPS_CUM[csat], rng.next());
				row.nps_count++;
				if (nps >= 9) row.nps_promoters++;
				else if (nps <= 6) row.nps_detractors++;
			}
		}
	}

	finish(): BackfillRow {
		this.row.answered_wait_hist = this.drain(this.ans, this.ansTouched);
		this.row.abandoned_wait_hist = this.drain(this.ab, this.abTouched);
		return this.row;
	}

	private drain(counts: Float64Array, touched: number[]): [number[], number[]] {
		if (touched.length === 0) return [[], []];
		const idx = Int32Array.from(touched).sort();
		const keys: number[] = new Array(idx.length);
		const values: number[] = new Array(idx.length);
		for (let j = 0; j < idx.length; j++) {
			keys[j] = BUCKET_SEC[idx[j]];
			values[j] = counts[idx[j]];
			counts[idx[j]] = 0;
		}
		touched.length = 0;
		return [keys, values];
	}
}

/*
 * The bucket edges of migration 0002 (and waitBucketSec in live/metrics.ts): 1 s steps to 300 s,
 * 10 s to 3600 s, 900 s to 259 200 s, then one overflow bucket. BUCKET_SEC[i] is the edge of index i.
 */
const BUCKET_SEC: number[] = [];
for (let s = 0; s <= 300; s++) BUCKET_SEC.push(s);
for (let s = 310; s <= 3600; s += 10) BUCKET_SEC.push(s);
for (let s = 4500; s <= 259_200; s += 900) BUCKET_SEC.push(s);
BUCKET_SEC.push(4294967295);
const BUCKET_COUNT = BUCKET_SEC.length;

/** Index into BUCKET_SEC of waitBucketSec(waitMs). */
function bucketIndex(waitMs: number): number {
	const b = waitBucketSec(waitMs);
	if (b <= 300) return b;
	if (b <= 3600) return 300 + (b - 300) / 10;
	if (b <= 259_200) return 630 + (b - 3600) / 900;
	return BUCKET_COUNT - 1;
}

function cumulative(w: readonly number[]): Float64Array {
	const total = w.reduce((a, b) => a + b, 0);
	const c = new Float64Array(w.length);
	let s = 0;
	for (let i = 0; i < w.length; i++) c[i] = (s += w[i] / total);
	c[w.length - 1] = 1;
	return c;
}

function pickCum(cum: Float64Array, u: number): number {
	let i = 0;
	while (u >= cum[i] && i < cum.length - 1) i++;
	return i;
}

const CSAT_CUM = { good: cumulative(CSAT_DIST.good), slow: cumulative(CSAT_DIST.slow), unresolved: cumulative(CSAT_DIST.unresolved) };
const NPS_CUM: Record<number, Float64Array> = Object.fromEntries(Object.entries(NPS_BY_CSAT).map(([k, w]) => [Number(k), cumulative(w)]));

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9;
 * P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution function").
 */
export function inverseNormal(p: number): number {
	if (!(p > 0 && p < 1)) throw new Error(`inverseNormal: p must be in (0, 1), got ${p}`);
	const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
	const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
	const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
	const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
	const lo = 0.02425;
	if (p < lo) {
		const q = Math.sqrt(-2 * Math.log(p));
		return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	if (p > 1 - lo) {
		const q = Math.sqrt(-2 * Math.log(1 - p));
		return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	const q = p - 0.5;
	const r = q * q;
	return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function emptyRow(minute: string, channel: string, queue: string): BackfillRow {
	return {
		minute,
		channel,
		queue,
		origin: 'backfill',
		offered: 0,
		answered: 0,
		abandoned: 0,
		resolved: 0,
		reopened: 0,
		wait_answered_ms_sum: 0,
		handle_ms_sum: 0,
		handled: 0,
		answered_wait_hist: [[], []],
		abandoned_wait_hist: [[], []],
		csat_sum: 0,
		csat_count: 0,
		nps_promoters: 0,
		nps_detractors: 0,
		nps_count: 0
	};
}
