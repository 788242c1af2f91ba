import { DateTime } from 'luxon';

/**
 * Settled FCR and 投诉二次率 days (decision 0085): which local days can be settled, under which basis,
 * and which days of a report still have to be computed live. Pure: no I/O, the clock is a parameter.
 *
 * A resolution on local day D can still turn into "reopened" until D ends + fcrWindowDays; a reopen
 * that happened by then reaches storage through live ingest at most `ingest.maxLatenessSec` later
 * (older events are refused: docs/events.md). So once `now ≥ end of D + window + lateness`, nothing
 * live ingest accepts can change D's counts, and they are computed once. Old events imported through
 * /api/v1/history/events can still land in a settled window: that import invalidates the days it
 * touches, which are settled again (queries/reports/invalidateOutcomeDays.ts).
 */

export type OutcomeKind = 'fcr' | 'complaint';

export interface OutcomeBasis {
	kind: OutcomeKind;
	/** names everything the counts depend on besides the events: kind, window, complaint queues, zone */
	basis: string;
	windowDays: number;
	/** complaint queues (complaint basis only) */
	queues: string[];
	timezone: string;
}

export interface OutcomeSettings {
	fcrWindowDays: number;
	complaintRepeatDays: number;
	complaintQueues: string[];
}

/** The two bases of the current configuration. */
export function outcomeBases(s: OutcomeSettings, timezone: string): OutcomeBasis[] {
	const queues = [...new Set(s.complaintQueues)].sort();
	return [
		{ kind: 'fcr', basis: `fcr|w=${s.fcrWindowDays}|tz=${timezone}`, windowDays: s.fcrWindowDays, queues: [], timezone },
		{ kind: 'complaint', basis: `complaint|w=${s.complaintRepeatDays}|q=${queues.join(',')}|tz=${timezone}`, windowDays: s.complaintRepeatDays, queues, timezone }
	];
}

const DAY_MS = 86_400_000;

/**
 * The latest local day whose counts can no longer change through live ingest at `nowMs`:
 * the largest D with (start of D + 1 day, local) + windowDays × 24 h + lateness ≤ now.
 * (The windows are 24-hour days after each event: `ts + toIntervalDay(w)` on UTC timestamps.)
 */
export function lastSettleableDay(nowMs: number, timezone: string, windowDays: number, maxLatenessSec: number): string {
	const latestEnd = nowMs - windowDays * DAY_MS - maxLatenessSec * 1000;
	// the day ending at or before latestEnd: the day before the one containing latestEnd, unless
	// latestEnd is exactly a local midnight (then that midnight ends the day before it)
	const t = DateTime.fromMillis(latestEnd, { zone: timezone });
	return t.startOf('day').minus({ days: 1 }).toISODate()!;
}

/** Every local day from `first` to `last` (ISO dates, both included), oldest first. */
export function daysBetween(first: string, last: string): string[] {
	const out: string[] = [];
	let d = DateTime.fromISO(first, { zone: 'UTC' });
	const end = DateTime.fromISO(last, { zone: 'UTC' });
	while (d <= end) {
		out.push(d.toISODate()!);
		d = d.plus({ days: 1 });
	}
	return out;
}

/**
 * The days to settle now: those in [firstDay, lastDay] not settled yet, newest first (recent reports
 * benefit first), at most `limit`.
 */
export function daysToSettle(firstDay: string | null, lastDay: string, settled: ReadonlySet<string>, limit: number): string[] {
	if (firstDay === null || firstDay > lastDay) return [];
	const out: string[] = [];
	for (const d of daysBetween(firstDay, lastDay).reverse()) {
		if (!settled.has(d)) out.push(d);
		if (out.length >= limit) break;
	}
	return out;
}

/** The report days [from, to] (ISO, both included) not in `settled`, as maximal runs of consecutive days. */
export function liveRanges(from: string, to: string, settled: ReadonlySet<string>): { from: string; to: string }[] {
	const out: { from: string; to: string }[] = [];
	let open: { from: string; to: string } | null = null;
	for (const d of daysBetween(from, to)) {
		if (settled.has(d)) {
			if (open) out.push(open);
			open = null;
		} else if (open) open.to = d;
		else open = { from: d, to: d };
	}
	if (open) out.push(open);
	return out;
}
