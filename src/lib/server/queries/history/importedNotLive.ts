/**
 * Imported rows that count: those no live interval covers. "Live wins": an imported row is left
 * out when the per-minute aggregate (live events, old raw events posted to /api/v1/history/events,
 * the demo backfill) has at least one offered contact in the same channel, queue and interval.
 * Daily rows (1440) are matched on the local day of `tz`.
 */
export function importedNotLive(where: string): string {
	return `SELECT i.channel AS channel, i.queue AS queue, i.interval_min AS interval_min, i.interval_start AS interval_start, i.offered AS offered
		FROM (SELECT channel, queue, interval_min, interval_start, offered FROM history_intervals FINAL WHERE ${where}) AS i
		LEFT ANTI JOIN (
			SELECT channel, queue, m AS interval_min,
			       if(m = 1440, toDateTime(toStartOfDay(minute, {tz: String}), 'UTC'), toDateTime(intDiv(toUInt32(minute), toUInt32(m) * 60) * (toUInt32(m) * 60), 'UTC')) AS interval_start
			FROM contact_minute
			ARRAY JOIN (SELECT groupUniqArray(interval_min) FROM history_intervals WHERE ${where}) AS m
			WHERE ${where.replace(/interval_start/g, 'minute')}
			GROUP BY channel, queue, interval_min, interval_start
			HAVING sum(offered) > 0
		) AS l USING (channel, queue, interval_min, interval_start)`;
}
