/**
 * Service level and abandon rate from a raw v1 event stream with the **board's** definitions
 * (issue 18, docs/metrics.md), written independently of the simulator and of the live state — it
 * reads only the wire events — so that tests can use it as the oracle for "the demo runs around the
 * targets".
 *
 * A contact counts once its outcome is known:
 * - answered within the channel's SL time T → a hit, known at the answer;
 * - answered after T, abandoned after T, or still waiting at T → a miss, known at arrival + T (the
 *   moment it could no longer be a hit);
 * - abandoned before T → not counted in SL (the channel's `slFormula`
 *   `answered_over_answered_plus_late_abandons`: only abandons after T are misses); an abandon
 *   before the short-abandon grace (`slAbandonGraceSec`) is not counted anywhere — neither in SL
 *   nor in the abandon rate's `abandonedCounted`.
 * Only the first round counts (a pickup after a reopen is not a first response, as on the board).
 *
 * The tile colour rule is src/lib/wallboard/colours.ts with the default thresholds of the config
 * (`wallboard.slAmberBelowTargetPts` 0, `slRedBelowTargetPts` 10): amber below target, red more
 * than 10 points below.
 */

type Ev = Record<string, unknown>;

export interface ChannelRule {
	id: string;
	slTargetSec: number;
	slTargetPct: number;
	slAbandonGraceSec: number;
}

export interface FirstRound {
	channel: string;
	arrivedMs: number;
	answeredMs: number | null;
	abandonedMs: number | null;
}

/** First-round arrival, first answer and abandon (before any answer) of every contact in the stream. */
export function firstRounds(events: readonly Ev[]): Map<string, FirstRound> {
	const out = new Map<string, FirstRound>();
	for (const e of events) {
		const type = e.type as string;
		if (!type.startsWith('contact.')) continue;
		const id = e.contact_id as string;
		const ts = e.ts as number;
		if (type === 'contact.arrived') {
			if (!out.has(id)) out.set(id, { channel: e.channel as string, arrivedMs: ts, answeredMs: null, abandonedMs: null });
			continue;
		}
		const c = out.get(id);
		if (!c) continue;
		if (type === 'contact.answered' && c.answeredMs === null && c.abandonedMs === null) c.answeredMs = ts;
		if (type === 'contact.abandoned' && c.answeredMs === null && c.abandonedMs === null) c.abandonedMs = ts;
	}
	return out;
}

/** When a contact's SL outcome became known and whether it is a hit; null = not counted in SL. */
export function slOutcome(c: FirstRound, rule: ChannelRule): { atMs: number; hit: boolean } | null {
	const tMs = rule.slTargetSec * 1000;
	if (c.answeredMs !== null && c.answeredMs - c.arrivedMs <= tMs) return { atMs: c.answeredMs, hit: true };
	if (c.abandonedMs !== null && c.abandonedMs - c.arrivedMs <= tMs) return null;
	return { atMs: c.arrivedMs + tMs, hit: false };
}

export interface WindowSl {
	hits: number;
	misses: number;
	/** percent, null when no contact's outcome is known in the window */
	slPct: number | null;
}

/** SL over the outcomes known in (fromMs, toMs] — the board's rolling window when toMs − fromMs = 15 min. */
export function slBetween(rounds: Iterable<FirstRound>, rule: ChannelRule, fromMs: number, toMs: number): WindowSl {
	let hits = 0;
	let misses = 0;
	for (const c of rounds) {
		if (c.channel !== rule.id) continue;
		const o = slOutcome(c, rule);
		if (!o || o.atMs <= fromMs || o.atMs > toMs) continue;
		if (o.hit) hits++;
		else misses++;
	}
	return { hits, misses, slPct: hits + misses > 0 ? (100 * hits) / (hits + misses) : null };
}

export interface DayFigures {
	/** contacts of the channel that arrived in the range */
	offered: number;
	slPct: number | null;
	/** abandoned ÷ offered, percent (every abandon) */
	abandonPct: number;
	/** the same without abandons shorter than the grace (numerator and denominator) */
	abandonPctExclShort: number;
	/** share of arrivals first-answered within `immediateSec` (即时响应率), percent */
	immediatePct: number;
}

/**
 * Figures over the contacts that *arrived* in [fromMs, toMs), with outcomes taken from the whole
 * stream (run the stream past `toMs` so that every outcome is known).
 */
export function dayFigures(rounds: Iterable<FirstRound>, rule: ChannelRule, fromMs: number, toMs: number, immediateSec = 60): DayFigures {
	let offered = 0;
	let hits = 0;
	let misses = 0;
	let abandoned = 0;
	let shortAbandons = 0;
	let immediate = 0;
	const graceMs = rule.slAbandonGraceSec * 1000;
	for (const c of rounds) {
		if (c.channel !== rule.id || c.arrivedMs < fromMs || c.arrivedMs >= toMs) continue;
		offered++;
		const o = slOutcome(c, rule);
		if (o) {
			if (o.hit) hits++;
			else misses++;
		}
		if (c.abandonedMs !== null) {
			abandoned++;
			if (c.abandonedMs - c.arrivedMs < graceMs) shortAbandons++;
		}
		if (c.answeredMs !== null && c.answeredMs - c.arrivedMs <= immediateSec * 1000) immediate++;
	}
	return {
		offered,
		slPct: hits + misses > 0 ? (100 * hits) / (hits + misses) : null,
		abandonPct: offered > 0 ? (100 * abandoned) / offered : 0,
		abandonPctExclShort: offered - shortAbandons > 0 ? (100 * (abandoned - shortAbandons)) / (offered - shortAbandons) : 0,
		immediatePct: offered > 0 ? (100 * immediate) / offered : 0
	};
}

export type Colour = 'green' | 'amber' | 'red' | 'none';

/** The board's SL colour with the default thresholds (src/lib/wallboard/colours.ts, config defaults 0 / 10 points). */
export function slTileColour(slPct: number | null, targetPct: number): Colour {
	if (slPct === null) return 'none';
	if (slPct < targetPct - 10) return 'red';
	if (slPct < targetPct) return 'amber';
	return 'green';
}

/**
 * The rolling 15-minute SL of one channel sampled every `stepMs` in [fromMs, toMs), with its tile
 * colour. Sorted outcomes and two pointers: O(contacts + samples).
 */
export function rollingSl(
	rounds: Iterable<FirstRound>,
	rule: ChannelRule,
	fromMs: number,
	toMs: number,
	stepMs = 60_000,
	windowMs = 15 * 60_000
): { atMs: number; slPct: number | null; colour: Colour }[] {
	const outcomes: { atMs: number; hit: boolean }[] = [];
	for (const c of rounds) {
		if (c.channel !== rule.id) continue;
		const o = slOutcome(c, rule);
		if (o) outcomes.push(o);
	}
	outcomes.sort((a, b) => a.atMs - b.atMs);
	const out: { atMs: number; slPct: number | null; colour: Colour }[] = [];
	let lo = 0;
	let hi = 0;
	let hits = 0;
	let n = 0;
	for (let t = fromMs; t < toMs; t += stepMs) {
		while (hi < outcomes.length && outcomes[hi].atMs <= t) {
			n++;
			if (outcomes[hi].hit) hits++;
			hi++;
		}
		while (lo < hi && outcomes[lo].atMs <= t - windowMs) {
			n--;
			if (outcomes[lo].hit) hits--;
			lo++;
		}
		const slPct = n > 0 ? (100 * hits) / n : null;
		out.push({ atMs: t, slPct, colour: slTileColour(slPct, rule.slTargetPct) });
	}
	return out;
}

/** Contacts waiting at `atMs` per channel (arrived, neither answered nor abandoned yet; first round). */
export function waitingAt(rounds: Iterable<FirstRound>, channel: string, atMs: number): number {
	let n = 0;
	for (const c of rounds) {
		if (c.channel !== channel || c.arrivedMs > atMs) continue;
		const end = c.answeredMs ?? c.abandonedMs;
		if (end === null || end > atMs) n++;
	}
	return n;
}
