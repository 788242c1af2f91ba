/**
 * Reads one alert clock of one open item at `nowMs`.
 */
import type { CompiledCalendar } from '../calendar/businessCalendar';
import type { ClockSpec } from '../rules/ruleTypes';
import type { OpenItem } from '../types';

export interface ClockReading {
	/** The clock's start event happened (e.g. the ticket exists, the first response was given). */
	started: boolean;
	/** The clock's stop event happened at or before now: the condition it watches is satisfied. */
	stopped: boolean;
	/** Business time elapsed between start and min(stop, now), pauses excluded, ms. */
	elapsedMs: number;
	/** Start instant, or null when not started. */
	startMs: number | null;
}

const NOT_STARTED: ClockReading = { started: false, stopped: false, elapsedMs: 0, startMs: null };

/** Milestone value of an item, with the built-in aliases documented on {@link OpenItem}. */
export function milestoneMs(item: OpenItem, name: string): number | null {
	const own = item.milestonesMs?.[name];
	if (typeof own === 'number') return own;
	if (name === 'arrived' || name === 'created') return item.arrivedAtMs;
	// `contact.milestone` events name milestones in snake_case; older configurations used camelCase
	const snake = name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
	const camel = name.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
	for (const alias of [snake, camel]) {
		const v = alias !== name ? item.milestonesMs?.[alias] : undefined;
		if (v != null) return v;
	}
	if (name === 'firstResponse' || name === 'first_response') return item.firstResponseAtMs ?? null;
	if (name === 'closed') return item.closedAtMs ?? null;
	return null;
}

export function startAndStop(item: OpenItem, spec: ClockSpec): { start: number | null; stop: number | null } {
	switch (spec.kind) {
		case 'first_response':
			return { start: item.arrivedAtMs, stop: item.firstResponseAtMs ?? item.closedAtMs ?? null };
		case 'customer_waiting': {
			// Only after the first response: before it, `first_response` is the clock that applies.
			const lastCustomer = item.lastCustomerMsgAtMs ?? null;
			if (item.firstResponseAtMs == null || lastCustomer == null) return { start: null, stop: null };
			const lastAgent = item.lastAgentReplyAtMs ?? null;
			const start = item.customerWaitingSinceMs ?? lastCustomer;
			if (lastAgent != null && lastAgent >= lastCustomer) return { start, stop: lastAgent };
			return { start, stop: item.closedAtMs ?? null };
		}
		case 'milestone':
			return { start: milestoneMs(item, spec.from), stop: milestoneMs(item, spec.until) ?? item.closedAtMs ?? null };
	}
}

/**
 * Pause intervals of an item clipped to [fromMs, toMs), sorted and merged so overlapping pauses
 * are not subtracted twice. The current pause runs from `stateSinceMs` when `state` is one of
 * `pauseStates`; without `stateSinceMs` the current pause cannot be placed and is ignored (the
 * clock keeps running: an alert too many is safer than a missed one).
 */
export function pauseIntervals(
	item: OpenItem,
	pauseStates: readonly string[],
	fromMs: number,
	toMs: number
): Array<[number, number]> {
	const raw: Array<[number, number]> = [];
	for (const p of item.pausedIntervals ?? []) raw.push([p.fromMs, p.toMs ?? toMs]);
	if (pauseStates.includes(item.state) && typeof item.stateSinceMs === 'number') raw.push([item.stateSinceMs, toMs]);
	const clipped = raw
		.map(([a, b]): [number, number] => [Math.max(a, fromMs), Math.min(b, toMs)])
		.filter(([a, b]) => b > a)
		.sort((x, y) => x[0] - y[0]);
	const merged: Array<[number, number]> = [];
	for (const iv of clipped) {
		const last = merged[merged.length - 1];
		if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
		else merged.push([iv[0], iv[1]]);
	}
	return merged;
}

/**
 * Reads a clock: elapsed = business(start, end) − Σ business(pause ∩ [start, end)), with
 * end = min(stop, now). The clock only runs inside the calendar's working hours and outside
 * pauses, so a chat that arrives at 23:59 before a closed night does not breach overnight.
 *
 * @param item the open item
 * @param spec which clock
 * @param nowMs evaluation instant (epoch ms)
 * @param calendar working hours (ALWAYS_OPEN for 24×7)
 * @param pauseStates item states that pause the clock
 * @throws Error when nowMs is not a finite number
 * @example
 * readClock({ id: 'c1', channel: 'chat', queue: 'pre', priority: 'normal', arrivedAtMs: 0, state: 'waiting' },
 *   { kind: 'first_response' }, 45_000, ALWAYS_OPEN, []).elapsedMs; // 45000
 */
export function readClock(
	item: OpenItem,
	spec: ClockSpec,
	nowMs: number,
	calendar: CompiledCalendar,
	pauseStates: readonly string[]
): ClockReading {
	if (!Number.isFinite(nowMs)) throw new Error(`readClock: nowMs must be a finite number, got ${nowMs}`);
	const { start, stop } = startAndStop(item, spec);
	if (start == null || start > nowMs) return NOT_STARTED;
	const stopped = stop != null && stop <= nowMs;
	const end = stopped ? Math.max(start, stop as number) : nowMs;
	let elapsedMs = calendar.businessMs(start, end);
	for (const [a, b] of pauseIntervals(item, pauseStates, start, end)) elapsedMs -= calendar.businessMs(a, b);
	return { started: true, stopped, elapsedMs: Math.max(0, elapsedMs), startMs: start };
}
