import type { ClickHouseClient } from '@clickhouse/client';
import * as v from 'valibot';
import { collectQuery, num, str } from '../run';
import { historyInRange } from './historyInRange';
import { HISTORY_RANGE, filterSql, periodExpr, type KpiQuery } from './reportSql';

/** Imported interval history summed per period × channel × queue (what the reports add to the events' figures). */
export interface HistoryReportRow {
	period: string;
	channel: string;
	queue: string;
	/** imported intervals that counted (not covered by live events) */
	intervals: number;
	offered: number;
	/** rows with an answered count */
	answered: number;
	abandoned: number;
	/** service level: only rows with both answered and answered_within_target */
	slWithin: number;
	slAnswered: number;
	slAbandoned: number;
	slOffered: number;
	/** Σ aht_sec × answered and Σ answered over rows with both */
	handleSecSum: number;
	handled: number;
	/** Σ avg_wait_sec × answered and Σ answered over rows with both */
	waitSecSum: number;
	waited: number;
}

const Row = v.pipe(
	v.object({
		period: str,
		channel: str,
		queue: str,
		intervals: num,
		offered: num,
		answered: num,
		abandoned: num,
		sl_within: num,
		sl_answered: num,
		sl_abandoned: num,
		sl_offered: num,
		handle_sec_sum: num,
		handled: num,
		wait_sec_sum: num,
		waited: num
	}),
	v.transform(
		(r): HistoryReportRow => ({
			period: r.period,
			channel: r.channel,
			queue: r.queue,
			intervals: r.intervals,
			offered: r.offered,
			answered: r.answered,
			abandoned: r.abandoned,
			slWithin: r.sl_within,
			slAnswered: r.sl_answered,
			slAbandoned: r.sl_abandoned,
			slOffered: r.sl_offered,
			handleSecSum: r.handle_sec_sum,
			handled: r.handled,
			waitSecSum: r.wait_sec_sum,
			waited: r.waited
		})
	)
);

/**
 * Imported interval history (migration 0010, decision 0013) in [from, to), with live data winning per
 * interval as in planning: an imported row is left out when the contact events (contact_minute,
 * origin 'live' — the events the report rollups are built from) have at least one offered contact in
 * the same channel, queue and interval (the local day of `tz` for daily rows). Grouped by the period of
 * the interval's start, and by channel and queue (the only dimensions history has). `FINAL`: a
 * re-imported interval counts once (decision 0013). Runs on the heavy connection.
 */
export async function historyReportRows(client: ClickHouseClient, q: Pick<KpiQuery, 'fromMs' | 'toMs' | 'by' | 'filters' | 'timezone'>): Promise<HistoryReportRow[]> {
	const f = filterSql({ channel: q.filters.channel, queue: q.filters.queue });
	const range = HISTORY_RANGE;
	const sql = `
		SELECT ${periodExpr(q.by, 'i.interval_start')} AS period, i.channel AS channel, i.queue AS queue,
		  count() AS intervals,
		  sum(i.offered) AS offered,
		  sum(ifNull(i.answered, 0)) AS answered,
		  sum(ifNull(i.abandoned, 0)) AS abandoned,
		  sumIf(assumeNotNull(i.answered_within_target), i.answered_within_target IS NOT NULL AND i.answered IS NOT NULL) AS sl_within,
		  sumIf(assumeNotNull(i.answered), i.answered_within_target IS NOT NULL AND i.answered IS NOT NULL) AS sl_answered,
		  sumIf(ifNull(i.abandoned, 0), i.answered_within_target IS NOT NULL AND i.answered IS NOT NULL) AS sl_abandoned,
		  sumIf(i.offered, i.answered_within_target IS NOT NULL AND i.answered IS NOT NULL) AS sl_offered,
		  sumIf(assumeNotNull(i.aht_sec) * assumeNotNull(i.answered), i.aht_sec IS NOT NULL AND i.answered IS NOT NULL) AS handle_sec_sum,
		  sumIf(assumeNotNull(i.answered), i.aht_sec IS NOT NULL AND i.answered IS NOT NULL) AS handled,
		  sumIf(assumeNotNull(i.avg_wait_sec) * assumeNotNull(i.answered), i.avg_wait_sec IS NOT NULL AND i.answered IS NOT NULL) AS wait_sec_sum,
		  sumIf(assumeNotNull(i.answered), i.avg_wait_sec IS NOT NULL AND i.answered IS NOT NULL) AS waited
		FROM (SELECT * FROM history_intervals FINAL WHERE ${range}${f.sql}) AS i
		LEFT ANTI JOIN (
		  SELECT channel, queue, m AS interval_min,
		         if(m = 1440, toDateTime(toStartOfDay(minute, {tz: String}), 'UTC'), toDateTime(intDiv(toUInt32(minute), toUInt32(m) * 60) * (toUInt32(m) * 60), 'UTC')) AS interval_start
		  FROM contact_minute
		  ARRAY JOIN (SELECT groupUniqArray(interval_min) FROM history_intervals WHERE ${range}${f.sql}) AS m
		  WHERE origin = 'live' AND (channel, queue) IN (SELECT channel, queue FROM history_intervals WHERE ${range}${f.sql}) AND minute >= toDateTime(intDiv({fromMs: Int64}, 1000), 'UTC') - toIntervalDay(1)
		    AND minute < toDateTime(intDiv({toMs: Int64}, 1000), 'UTC') + toIntervalDay(1)${f.sql}
		  GROUP BY channel, queue, interval_min, interval_start
		  HAVING sum(offered) > 0
		) AS l USING (channel, queue, interval_min, interval_start)
		GROUP BY period, channel, queue
		ORDER BY period, channel, queue`;
	const params = { tz: q.timezone, fromMs: q.fromMs, toMs: q.toMs, ...f.params };
	// most ranges of an installation that imported nothing (or long ago) have no history: one cheap look first
	if ((await historyInRange(client, { fromMs: q.fromMs, toMs: q.toMs, filters: q.filters })) === 0) return [];
	return collectQuery(client, { tag: 'reports/historyReportRows', row: Row, sql, params });
}
