-- Per-minute aggregates by channel and queue, kept by a materialized view over contact_events
-- (origin = 'live') and written directly by the history backfill (origin = 'backfill', 15-minute rows).
-- Wait histograms are keyed by the wait rounded UP to a bucket edge (seconds): 1 s up to 300 s,
-- 10 s up to 1 h, 15 min up to 72 h, then one overflow bucket, so "answered within T" is exact
-- for any T on a bucket edge (every default target is).
CREATE TABLE IF NOT EXISTS contact_minute {{ON_CLUSTER}}
(
    minute DateTime('UTC'),
    channel LowCardinality(String),
    queue LowCardinality(String),
    origin LowCardinality(String),
    offered SimpleAggregateFunction(sum, UInt64),
    answered SimpleAggregateFunction(sum, UInt64),
    abandoned SimpleAggregateFunction(sum, UInt64),
    resolved SimpleAggregateFunction(sum, UInt64),
    reopened SimpleAggregateFunction(sum, UInt64),
    wait_answered_ms_sum SimpleAggregateFunction(sum, UInt64),
    handle_ms_sum SimpleAggregateFunction(sum, UInt64),
    handled SimpleAggregateFunction(sum, UInt64),
    answered_wait_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    abandoned_wait_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    csat_sum SimpleAggregateFunction(sum, UInt64),
    csat_count SimpleAggregateFunction(sum, UInt64),
    nps_promoters SimpleAggregateFunction(sum, UInt64),
    nps_detractors SimpleAggregateFunction(sum, UInt64),
    nps_count SimpleAggregateFunction(sum, UInt64)
)
ENGINE = {{REPLICATED}}AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (channel, queue, origin, minute);

CREATE MATERIALIZED VIEW IF NOT EXISTS contact_minute_mv {{ON_CLUSTER}} TO contact_minute AS
SELECT
    toStartOfMinute(ts) AS minute,
    channel,
    queue,
    'live' AS origin,
    countIf(type = 'contact.arrived') AS offered,
    countIf(type = 'contact.answered') AS answered,
    countIf(type = 'contact.abandoned') AS abandoned,
    countIf(type = 'contact.resolved') AS resolved,
    countIf(type = 'contact.reopened') AS reopened,
    sumIf(toUInt64(ifNull(wait_ms, 0)), type = 'contact.answered') AS wait_answered_ms_sum,
    sumIf(toUInt64(ifNull(handle_ms, 0)), type = 'contact.resolved' AND handle_ms IS NOT NULL) AS handle_ms_sum,
    countIf(type = 'contact.resolved' AND handle_ms IS NOT NULL) AS handled,
    sumMapIf(
        [toUInt32(multiIf(intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(wait_ms, 0) + 999, 1000),
                          intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 9, 10) * 10,
                          intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 899, 900) * 900,
                          4294967295))],
        [toUInt64(1)],
        type = 'contact.answered' AND wait_ms IS NOT NULL) AS answered_wait_hist,
    sumMapIf(
        [toUInt32(multiIf(intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(wait_ms, 0) + 999, 1000),
                          intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 9, 10) * 10,
                          intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 899, 900) * 900,
                          4294967295))],
        [toUInt64(1)],
        type = 'contact.abandoned' AND wait_ms IS NOT NULL) AS abandoned_wait_hist,
    sumIf(toUInt64(ifNull(csat, 0)), type = 'contact.rated' AND csat IS NOT NULL) AS csat_sum,
    countIf(type = 'contact.rated' AND csat IS NOT NULL) AS csat_count,
    countIf(type = 'contact.rated' AND nps >= 9) AS nps_promoters,
    countIf(type = 'contact.rated' AND nps <= 6) AS nps_detractors,
    countIf(type = 'contact.rated' AND nps IS NOT NULL) AS nps_count
FROM contact_events
GROUP BY minute, channel, queue;
