import type { ChannelConfig, QueueConfig } from '$lib/types/domain';

/**
 * Parameters of the traffic model. Figures marked [domain] come from docs/domain.md
 * ("Reference figures reported by the industry"); the others are demo choices (the brief gives no
 * absolute volumes or distribution shapes) chosen so that the aggregate KPIs land on the domain
 * figures — docs/simulator.md lists every one and the KPI each was tuned against.
 */

/** The four built-in channel behaviours; a configured channel is mapped onto one of them. */
export type Archetype = 'chat' | 'phone' | 'email' | 'ticket';
/** The four built-in queue behaviours (pre-sale, in-sale, after-sale, complaints). */
export type QueueArchetype = 'presale' | 'insale' | 'aftersale' | 'complaint';

export interface ChannelParams {
	/** contacts on an average day at the trend anchor (demo size: a mid-sized Tmall shop group) */
	baseDailyVolume: number;
	/** mean handle time, answered → resolved incl. after-contact work, seconds */
	meanHandleSec: number;
	/** log-sd of the lognormal handle time */
	handleSigma: number;
	/** share of the handle that is talk (phone: the rest is ACW) */
	talkShare: number;
	/** patience (time a customer waits before abandoning): lognormal median, seconds; null = never abandons */
	patienceMedianSec: number | null;
	patienceSigma: number;
	/** time from "an agent is free" to the first reply, seconds (greeting typed / call connected) */
	pickupMinSec: number;
	pickupMaxSec: number;
	/** Mon..Sun volume factors (normalised to mean 1 when used) */
	weekly: readonly number[];
	/** intraday shape: floor + Gaussian bumps [centre hour, sd hours, amplitude] */
	intradayFloor: number;
	intradayBumps: readonly (readonly [number, number, number])[];
	/** queue mix (weights) in the order presale, insale, aftersale, complaint */
	queueMix: Record<QueueArchetype, number>;
	/** share of resolved contacts that leave a rating */
	ratingShare: number;
	/** share of contacts transferred to another queue during handling (realtime channels) */
	transferShare: number;
	/** deferred channels: local working hours [from, to) in which the backlog is worked */
	workHours: readonly [number, number];
	/** deferred channels: night crew as a share of the day crew */
	nightCrewShare: number;
}

/*
 * AHT [domain]: "AHT 12 min on average … chat faster". With the volume mix below the
 * volume-weighted mean of these handle times is 12.2 min, chat 10.5 min.
 * Patience: phone callers give up faster than chat customers (who can keep browsing);
 * lognormal medians 75 s / 120 s, chosen with the staffing rule so that 即时响应率 lands near
 * the industry 82% [domain] on a normal day.
 */
export const CHANNEL_PARAMS: Record<Archetype, ChannelParams> = {
	chat: {
		baseDailyVolume: 12_000,
		meanHandleSec: 630,
		handleSigma: 0.6,
		talkShare: 1,
		patienceMedianSec: 120,
		patienceSigma: 1.0,
		pickupMinSec: 2,
		pickupMaxSec: 12,
		weekly: [1.04, 1.0, 0.98, 0.97, 0.96, 1.0, 1.05],
		intradayFloor: 0.12,
		intradayBumps: [
			[10.5, 1.6, 1.0],
			[15.0, 2.0, 0.9],
			[21.0, 1.6, 1.1]
		],
		queueMix: { presale: 0.45, insale: 0.25, aftersale: 0.25, complaint: 0.05 },
		ratingShare: 0.45,
		transferShare: 0.04,
		workHours: [0, 24],
		nightCrewShare: 1
	},
	phone: {
		baseDailyVolume: 2_400,
		meanHandleSec: 840,
		handleSigma: 0.55,
		talkShare: 0.8,
		patienceMedianSec: 75,
		patienceSigma: 0.9,
		pickupMinSec: 1,
		pickupMaxSec: 6,
		weekly: [1.08, 1.03, 1.0, 0.98, 0.97, 0.85, 0.85],
		intradayFloor: 0.04,
		intradayBumps: [
			[10.0, 1.5, 1.0],
			[14.5, 1.8, 0.9],
			[20.0, 1.5, 0.45]
		],
		queueMix: { presale: 0.2, insale: 0.3, aftersale: 0.35, complaint: 0.15 },
		ratingShare: 0.3,
		transferShare: 0.04,
		workHours: [0, 24],
		nightCrewShare: 1
	},
	email: {
		baseDailyVolume: 600,
		meanHandleSec: 1080,
		handleSigma: 0.5,
		talkShare: 1,
		patienceMedianSec: null,
		patienceSigma: 0,
		pickupMinSec: 30,
		pickupMaxSec: 120,
		weekly: [1.1, 1.02, 1.0, 0.98, 0.97, 0.88, 0.9],
		intradayFloor: 0.15,
		intradayBumps: [
			[10.0, 2.5, 0.8],
			[15.0, 2.5, 0.7],
			[21.0, 2.0, 0.6]
		],
		queueMix: { presale: 0.1, insale: 0.2, aftersale: 0.45, complaint: 0.25 },
		ratingShare: 0.2,
		transferShare: 0,
		workHours: [9, 21],
		nightCrewShare: 0.08
	},
	ticket: {
		baseDailyVolume: 1_000,
		meanHandleSec: 1500,
		handleSigma: 0.5,
		talkShare: 1,
		patienceMedianSec: null,
		patienceSigma: 0,
		pickupMinSec: 30,
		pickupMaxSec: 120,
		weekly: [1.12, 1.04, 1.0, 0.98, 0.96, 0.85, 0.85],
		intradayFloor: 0.05,
		intradayBumps: [
			[10.5, 2.0, 1.0],
			[15.0, 2.2, 0.9],
			[20.0, 1.5, 0.3]
		],
		queueMix: { presale: 0.05, insale: 0.15, aftersale: 0.5, complaint: 0.3 },
		ratingShare: 0.25,
		transferShare: 0,
		workHours: [8, 22],
		nightCrewShare: 0.08
	}
};

export interface QueueParams {
	/**
	 * First-contact resolution [domain]: product questions 88%, returns/exchanges 62%,
	 * complaints 55%; in-sale (order changes, payment) set at 80% so the volume-weighted mean is
	 * the industry 75%.
	 */
	fcr: number;
	/**
	 * Of the contacts not resolved at first contact, the probability that the same contact is
	 * re-opened (the rest come back as a new contact of the same customer). Complaints: the
	 * re-open rate is the domain's 投诉二次率 12% [domain]; others: 40% of the failures.
	 */
	reopenProb: number;
	/** where a transfer out of this queue goes */
	transferTo: QueueArchetype;
	/** contact priority sent with the events (0–9) */
	priority: number;
	/** CSAT shift: complaints rate lower even when solved */
	csatShift: number;
}

export const QUEUE_PARAMS: Record<QueueArchetype, QueueParams> = {
	presale: { fcr: 0.88, reopenProb: 0.4 * 0.12, transferTo: 'insale', priority: 0, csatShift: 0 },
	insale: { fcr: 0.8, reopenProb: 0.4 * 0.2, transferTo: 'aftersale', priority: 0, csatShift: 0 },
	aftersale: { fcr: 0.62, reopenProb: 0.4 * 0.38, transferTo: 'complaint', priority: 1, csatShift: 0 },
	complaint: { fcr: 0.55, reopenProb: 0.12, transferTo: 'aftersale', priority: 3, csatShift: -1 }
};

/**
 * CSAT (1–5) distributions, P(1)…P(5), by outcome. Calibrated so that the mean over a normal day
 * is the industry 4.2 [domain] ("CSAT 4.2 / 5, 4.0–4.3 by segment"): resolved at first contact with
 * a short wait ≈ 4.5; a long wait ≈ 4.0; not resolved at first contact ≈ 3.5.
 */
export const CSAT_DIST = {
	good: [0.01, 0.02, 0.07, 0.25, 0.65],
	slow: [0.05, 0.07, 0.15, 0.3, 0.43],
	unresolved: [0.1, 0.12, 0.25, 0.28, 0.25]
} as const;

/** NPS answer (0–10) given the CSAT score: promoters mostly among 5s, detractors among 1–3. */
export const NPS_BY_CSAT: Record<number, readonly number[]> = {
	// weights for 0..10
	1: [0.3, 0.25, 0.2, 0.15, 0.1, 0, 0, 0, 0, 0, 0],
	2: [0.05, 0.1, 0.2, 0.25, 0.25, 0.15, 0, 0, 0, 0, 0],
	3: [0, 0, 0, 0.05, 0.1, 0.3, 0.35, 0.15, 0.05, 0, 0],
	4: [0, 0, 0, 0, 0, 0, 0.1, 0.35, 0.4, 0.12, 0.03],
	5: [0, 0, 0, 0, 0, 0, 0, 0.05, 0.15, 0.35, 0.45]
};
/** share of raters who also answer the NPS question */
export const NPS_SHARE = 0.5;

/**
 * Volume growth per year (demo choice: e-commerce service volumes grow with GMV; 15%/year) and the
 * anchor date at which every `baseDailyVolume` holds. A fixed anchor keeps live mode and the
 * backfill on the same level whatever day the server starts.
 */
export const GROWTH_PER_YEAR = 0.15;
export const TREND_ANCHOR_MS = Date.UTC(2026, 6, 1);

/** Yearly seasonality amplitude (peak in mid-December, trough in mid-June, before promotions). */
export const YEARLY_AMPLITUDE = 0.05;
/** log-sd of the day-level noise and of the hour-level noise (over-dispersion beyond Poisson) */
export const DAY_NOISE_SIGMA = 0.05;
export const HOUR_NOISE_SIGMA = 0.06;

/**
 * Break shrinkage the plan allows for: a break of 10–20 min every 90–150 min of work is ~11% of the
 * time (the drain of a chat agent before it: CHAT_BREAK_DRAIN_SHARE below).
 * Target head-count is divided by (1 − this). Tuned with PLAN_SL_TARGET and the spells below.
 */
export const BREAK_SHARE = 0.12;
/**
 * The capacity a chat agent's break costs beyond the break itself: it stops taking chats and works
 * off the 2–4 it holds first (the last one ends ~10 min later; on average half the slots stand idle
 * meanwhile): ~5 min per 135-min break cycle ≈ 4%. Live mode plans chat with this on top of
 * BREAK_SHARE; a phone agent finishes its one call and loses nothing.
 */
export const CHAT_BREAK_DRAIN_SHARE = 0.04;
/**
 * The simulated centre plans realtime channels with Erlang A (forecast/staffing) to this share of
 * contacts answered within the channel's SL time (config: 80/30 chat, 80/20 phone) on the board's
 * basis — above the 80% target on purpose: breaks taken in clusters and the short-staffed spells
 * below then take the day to ≈ 80% with visible dips. Tuned against the
 * board's definitions (tests/simulator/demoDay.test.ts; figures in docs/simulator.md).
 */
export const PLAN_SL_TARGET = 0.93;
/**
 * Short-staffed spells (live mode, every speed): once per wall hour, at a random minute, each
 * realtime channel is left taking new contacts with SPELL_KEEP_MIN–MAX of the slots its work takes
 * now (contacts in hand + waiting) for SPELL_MIN–MAX wall minutes (not in a run's first quarter
 * hour) — a team pulled into a huddle or a training, a system hiccup at a few desks: the agents above
 * that finish what they hold, go on `break`, and come back at the spell's end. Relative to the work,
 * not to the plan or to whoever is logged in, so a spell bites whether the floor happened to be
 * over- or under-staffed. The roster logs nobody in meanwhile — that is the point: the floor runs
 * short and a tile turns amber or red for a while (decision 0075).
 */
export const SPELL_EVERY_MS = 60 * 60_000;
export const SPELL_MIN_MINUTES = 10;
export const SPELL_MAX_MINUTES = 15;
export const SPELL_KEEP_MIN = 0.65;
export const SPELL_KEEP_MAX = 0.8;
/**
 * Deferred desks (e-mail, tickets) are sized to their load now (forecast/staffing
 * `deferredWorkAgents`): agents work at most this occupancy (the rest is the admin a desk has
 * between items) after break shrinkage.
 */
export const DEFERRED_PLAN_OCCUPANCY = 0.85;
/**
 * How fast the roster can bring agents onto the floor: each 15-s step at most the slots that take
 * LOGIN_RAMP × an ordinary day's mean arrival rate (the channel's base volume ÷ 86 400 s; at least
 * one agent). A floor filling from empty needs slots at the arrival rate (an ordinary day's peak
 * is ~1.7× its mean; a promotion eve ~3×), a day's ramp far less. A promotion's 00:00 rush at 60×
 * arrives at 10–15× the mean for the first wall minute: it meets the floor that was there, and a
 * queue forms — instead of a roster that conjures agents within 15 s.
 */
export const LOGIN_RAMP = 2;
/**
 * The backfill's queue model (Erlang C with patience, per 15-minute interval) has none of the live
 * roster's slack (whole agents, shifts that end only after four hours, the hysteresis before
 * releasing anyone, break shrinkage planned for but not always taken), so with the same plan it
 * answers worse than live mode does. The plan fraction and a capacity factor (live mode's
 * measured slots ÷ planned servers) are calibrated so that the backfill's normal days land where
 * live mode's do (即时响应率 ≈ 82%, abandons ≈ 5–10%), which keeps the two joined.
 */
export const BACKFILL_PLAN_FRACTION = 0.8;
export const BACKFILL_CAPACITY_FACTOR = 1.07;
/**
 * The backfill's short-staffing: probability that a 2-hour block of a normal day is short-staffed,
 * and the factor range then (live mode uses the spells above instead).
 */
export const SHORT_BLOCK_PROB = 0.35;
export const SHORT_FACTOR_MIN = 0.75;
export const SHORT_FACTOR_MAX = 0.92;
/** mean chat concurrency of the agent pool (agents get 2–4 [domain]) */
export const CHAT_CONCURRENCY_CHOICES = [2, 3, 3, 4] as const;

/** Maps a configured channel onto one of the built-in behaviours. */
export function channelArchetype(ch: Pick<ChannelConfig, 'id' | 'kind' | 'concurrency'>): Archetype {
	if (ch.id === 'chat' || ch.id === 'phone' || ch.id === 'email' || ch.id === 'ticket') return ch.id;
	if (ch.kind === 'deferred') return 'email';
	return ch.concurrency > 1 ? 'chat' : 'phone';
}

/** Maps a configured queue onto one of the built-in behaviours (unknown ids behave like in-sale). */
export function queueArchetype(q: Pick<QueueConfig, 'id'>): QueueArchetype {
	if (q.id === 'presale' || q.id === 'insale' || q.id === 'aftersale' || q.id === 'complaint') return q.id;
	return 'insale';
}
