import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { dropSupersededOutcomeRows } from '../queries/reports/dropSupersededOutcomeRows';
import { firstMarkDay } from '../queries/reports/firstMarkDay';
import { outcomeDaysEverSettled } from '../queries/reports/outcomeDaysEverSettled';
import { markOutcomeDays } from '../queries/reports/markOutcomeDays';
import { settleComplaintDay } from '../queries/reports/settleComplaintDay';
import { settledOutcomeDays } from '../queries/reports/settledOutcomeDays';
import { settleFcrDay } from '../queries/reports/settleFcrDay';
import { daysToSettle, lastSettleableDay, outcomeBases, type OutcomeSettings } from './outcomes';

/**
 * The settler (decision 0085): computes the FCR and 投诉二次率 counts of every local day that can no
 * longer change through live ingest (outcomes.ts `lastSettleableDay`), one INSERT … SELECT per day
 * and kind, and records each day as settled. Reports read those rows and compute only the other days
 * live. Runs in the server on the heavy connection (one statement at a time: reports interleave).
 */
export interface SettleDeps {
	client: ClickHouseClient;
	timezone: string;
	reports: OutcomeSettings;
	maxLatenessSec: number;
	now: () => number;
	log?: (line: string) => void;
}

export interface SettleResult {
	/** days settled by this call, per basis */
	settled: Record<string, number>;
	/** days still to settle after this call (all bases) */
	pending: number;
}

/** Sequence within a millisecond: a run is unique to one settlement of one day (also across calls). */
let runSeq = 0;

/** Settles up to `limit` days per basis, newest first; returns what it did and what is left. */
export async function settleOutcomeDays(d: SettleDeps, limit = 60): Promise<SettleResult> {
	const nowMs = d.now();
	const out: SettleResult = { settled: {}, pending: 0 };
	const firstEver = new Map<string, string | null>();
	const first = async (types: string[]) => {
		const k = types.join(',');
		if (!firstEver.has(k)) firstEver.set(k, await firstMarkDay(d.client, { types, tz: d.timezone }));
		return firstEver.get(k)!;
	};
	for (const b of outcomeBases(d.reports, d.timezone)) {
		out.settled[b.basis] = 0;
		if (b.kind === 'complaint' && b.queues.length === 0) continue; // no complaint queues: nothing to count
		const last = lastSettleableDay(nowMs, d.timezone, b.windowDays, d.maxLatenessSec);
		const firstDay = await first(b.kind === 'fcr' ? ['contact.resolved'] : ['contact.arrived']);
		if (firstDay === null || firstDay > last) continue;
		const known = await settledOutcomeDays(d.client, { basis: b.basis, fromDay: firstDay, toDay: last });
		const settled = new Set(known.map((k) => k.day));
		const todo = daysToSettle(firstDay, last, settled, Number.MAX_SAFE_INTEGER);
		const now = todo.slice(0, limit);
		out.pending += todo.length - now.length;
		// a day invalidated earlier has rows of an older run: dropped once the new run is recorded
		const everSettled = new Set(now.length > 0 ? await outcomeDaysEverSettled(d.client, { basis: b.basis, fromDay: now[now.length - 1], toDay: now[0] }) : []);
		for (const day of now) {
			// `at` = when this settlement began reading: an import that invalidates the day after this
			// moment wins over it (its `at` is later), so the day is settled again with the imported events
			const atMs = d.now();
			const run = atMs * 1024 + (runSeq++ % 1024);
			const fromMs = DateTime.fromISO(day, { zone: d.timezone }).startOf('day').toMillis();
			const toMs = DateTime.fromISO(day, { zone: d.timezone }).plus({ days: 1 }).startOf('day').toMillis();
			if (b.kind === 'fcr') await settleFcrDay(d.client, { basis: b.basis, day, run, fromMs, toMs, w: b.windowDays });
			else await settleComplaintDay(d.client, { basis: b.basis, day, run, fromMs, toMs, w: b.windowDays, cq: b.queues });
			await markOutcomeDays(d.client, [{ basis: b.basis, day, run, windowDays: b.windowDays, tz: d.timezone, atMs }]);
			if (everSettled.has(day)) await dropSupersededOutcomeRows(d.client, { basis: b.basis, day, run });
			out.settled[b.basis]++;
		}
	}
	return out;
}

/**
 * Settles in the background: at start and every `everyMs` (default 10 min), in batches (a batch
 * left days pending: the next one follows after a second). One run at a time.
 */
export function startOutcomeSettler(d: SettleDeps, everyMs = 600_000): { stop(): void } {
	let running = false;
	let stopped = false;
	let soon: ReturnType<typeof setTimeout> | null = null;
	const tick = async () => {
		if (running || stopped) return;
		running = true;
		try {
			const r = await settleOutcomeDays(d);
			const n = Object.values(r.settled).reduce((a, b) => a + b, 0);
			if (n > 0) d.log?.(`reports: settled FCR / 投诉二次率 of ${n} day(s)${r.pending > 0 ? `, ${r.pending} to go` : ''}`);
			if (r.pending > 0 && !stopped) {
				soon = setTimeout(() => void tick(), 1000);
				soon.unref();
			}
		} catch (err) {
			d.log?.(`reports: settling FCR / 投诉二次率 days failed: ${(err as Error).message}`);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void tick(), everyMs);
	timer.unref();
	void tick();
	return {
		stop: () => {
			stopped = true;
			clearInterval(timer);
			if (soon) clearTimeout(soon);
		}
	};
}
