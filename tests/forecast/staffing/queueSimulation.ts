/**
 * Seeded discrete-event simulations used as an independent oracle by the staffing tests.
 * Nothing here is imported by the library; it re-implements the queues from their definitions
 * (customers, servers, clocks), not from the formulas.
 */

/**
 * mulberry32: a small 32-bit seeded PRNG (Tommy Ettinger, public domain), period 2^32, good
 * enough for Monte-Carlo checks of a few million draws. Returns numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Exponential sample with the given mean (inverse transform; 1 − u avoids log 0). */
export function exponential(rng: () => number, mean: number): number {
	return -mean * Math.log(1 - rng());
}

export interface SimResult {
	arrivals: number;
	answeredWithin: number;
	answered: number;
	abandoned: number;
	/** service level (answered within t / arrivals) of each of `batches` consecutive batches */
	batchServiceLevels: number[];
	/** mean of the batch service levels */
	serviceLevel: number;
	/** batch-means standard error of serviceLevel */
	standardError: number;
	pAbandon: number;
}

function summarise(
	arrivals: number,
	answeredWithin: number,
	answered: number,
	abandoned: number,
	batchServiceLevels: number[]
): SimResult {
	const k = batchServiceLevels.length;
	const mean = batchServiceLevels.reduce((s, v) => s + v, 0) / k;
	const variance = batchServiceLevels.reduce((s, v) => s + (v - mean) ** 2, 0) / (k - 1);
	return {
		arrivals,
		answeredWithin,
		answered,
		abandoned,
		batchServiceLevels,
		serviceLevel: mean,
		standardError: Math.sqrt(variance / k),
		pAbandon: abandoned / arrivals
	};
}

/**
 * FCFS M/M/N(+M) by the Kiefer–Wolfowitz recursion: customers in arrival order each take the
 * server that frees first; the offered wait is V = max(0, earliest free − arrival); a customer
 * whose exponential patience is shorter than V abandons and never occupies a server (so it does
 * not delay anyone). Exact for FCFS with abandonment. patienceSec = Infinity gives M/M/N.
 */
export function simulateCallQueue(opts: {
	seed: number;
	arrivalRatePerSec: number;
	ahtSec: number;
	agents: number;
	patienceSec: number;
	thresholdSec: number;
	warmupCustomers: number;
	customers: number;
	batches: number;
}): SimResult {
	const rng = mulberry32(opts.seed);
	const free = new Float64Array(opts.agents);
	const meanGap = 1 / opts.arrivalRatePerSec;
	const perBatch = Math.floor(opts.customers / opts.batches);
	const batchSL: number[] = [];
	let clock = 0;
	let answeredWithin = 0;
	let answered = 0;
	let abandoned = 0;
	let batchWithin = 0;
	let counted = 0;
	const total = opts.warmupCustomers + perBatch * opts.batches;
	for (let i = 0; i < total; i++) {
		clock += exponential(rng, meanGap);
		let best = 0;
		for (let s = 1; s < opts.agents; s++) if (free[s] < free[best]) best = s;
		const wait = Math.max(0, free[best] - clock);
		const patience = Number.isFinite(opts.patienceSec) ? exponential(rng, opts.patienceSec) : Infinity;
		const service = exponential(rng, opts.ahtSec);
		const served = wait === 0 || patience >= wait;
		if (served) free[best] = clock + wait + service;
		if (i < opts.warmupCustomers) continue;
		if (served) {
			answered += 1;
			if (wait <= opts.thresholdSec) {
				answeredWithin += 1;
				batchWithin += 1;
			}
		} else {
			abandoned += 1;
		}
		counted += 1;
		if (counted % perBatch === 0) {
			batchSL.push(batchWithin / perBatch);
			batchWithin = 0;
		}
	}
	return summarise(counted, answeredWithin, answered, abandoned, batchSL);
}

/**
 * Agent-level chat simulation, as a continuous-time Markov chain simulated event by event
 * (Gillespie): each agent holds k ≤ m chats, each of which completes at rate 1/AHT_k; a new chat
 * goes to the least-loaded agent with a free slot (lowest index on ties) and chats are never moved
 * afterwards (so loads can drift apart, unlike the balanced birth–death model); when every slot is
 * busy chats wait FCFS and each waiting chat abandons at rate 1/patience; a freed slot takes the
 * head of the queue. Waiting times are measured per chat; occupancy is the time-average share of
 * agents holding at least one chat.
 */
export function simulateChat(opts: {
	seed: number;
	arrivalRatePerSec: number;
	concurrencyAhtSec: readonly number[];
	agents: number;
	patienceSec: number;
	thresholdSec: number;
	warmupChats: number;
	chats: number;
	batches: number;
}): SimResult & { occupancy: number } {
	const rng = mulberry32(opts.seed);
	const m = opts.concurrencyAhtSec.length;
	// completion rate of an agent holding k chats: k / AHT_k
	const rateAt = [0, ...opts.concurrencyAhtSec.map((aht, i) => (i + 1) / aht)];
	const load = new Int32Array(opts.agents);
	const theta = Number.isFinite(opts.patienceSec) ? 1 / opts.patienceSec : 0;
	const perBatch = Math.floor(opts.chats / opts.batches);
	const total = opts.warmupChats + perBatch * opts.batches;
	// per chat (by arrival index): 1 = answered within t; answered / abandoned flags
	const within = new Uint8Array(total);
	const answeredFlag = new Uint8Array(total);
	const abandonedFlag = new Uint8Array(total);
	const waitingSince: number[] = []; // FIFO of waiting chats' arrival times
	const waitingIndex: number[] = [];
	let clock = 0;
	let serviceRate = 0;
	let busyAgents = 0;
	let arrived = 0;
	let busyTime = 0;
	let measureStart = -1;
	const startService = (agent: number, idx: number, waited: number): void => {
		if (load[agent] === 0) busyAgents += 1;
		serviceRate += rateAt[load[agent] + 1] - rateAt[load[agent]];
		load[agent] += 1;
		answeredFlag[idx] = 1;
		if (waited <= opts.thresholdSec) within[idx] = 1;
	};
	while (arrived < total) {
		const waiting = waitingSince.length;
		const totalRate = opts.arrivalRatePerSec + serviceRate + theta * waiting;
		const dt = exponential(rng, 1 / totalRate);
		if (measureStart >= 0) busyTime += busyAgents * dt;
		clock += dt;
		let u = rng() * totalRate;
		if (u < opts.arrivalRatePerSec) {
			const idx = arrived++;
			if (idx === opts.warmupChats) measureStart = clock;
			let best = -1;
			for (let a = 0; a < opts.agents; a++) {
				if (load[a] < m && (best < 0 || load[a] < load[best])) best = a;
			}
			if (best >= 0) startService(best, idx, 0);
			else {
				waitingSince.push(clock);
				waitingIndex.push(idx);
			}
			continue;
		}
		u -= opts.arrivalRatePerSec;
		if (u < serviceRate) {
			// the completing agent, with probability proportional to its completion rate
			let a = 0;
			for (; a < opts.agents - 1; a++) {
				u -= rateAt[load[a]];
				if (u < 0) break;
			}
			serviceRate -= rateAt[load[a]] - rateAt[load[a] - 1];
			load[a] -= 1;
			if (load[a] === 0) busyAgents -= 1;
			if (waitingSince.length > 0) {
				const since = waitingSince.shift() as number;
				startService(a, waitingIndex.shift() as number, clock - since);
			}
			continue;
		}
		// a uniformly chosen waiting chat abandons (each does so at rate θ)
		const pick = Math.min(waiting - 1, Math.floor(rng() * waiting));
		abandonedFlag[waitingIndex[pick]] = 1;
		waitingSince.splice(pick, 1);
		waitingIndex.splice(pick, 1);
	}
	// Chats still waiting when arrivals stop are left out: only the last few, far from the
	// measured batches' bulk, and they are counted as neither answered nor abandoned.
	const batchSL: number[] = [];
	let answered = 0;
	let abandoned = 0;
	let answeredWithin = 0;
	for (let b = 0; b < opts.batches; b++) {
		let w = 0;
		for (let i = opts.warmupChats + b * perBatch; i < opts.warmupChats + (b + 1) * perBatch; i++) {
			w += within[i];
			answered += answeredFlag[i];
			abandoned += abandonedFlag[i];
		}
		answeredWithin += w;
		batchSL.push(w / perBatch);
	}
	const result = summarise(perBatch * opts.batches, answeredWithin, answered, abandoned, batchSL);
	return { ...result, occupancy: busyTime / (clock - measureStart) / opts.agents };
}
