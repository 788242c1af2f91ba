-- Reports (issue 20, docs/metrics.md "Reports", docs/decisions/0060-report-rollups.md).
-- 1. Optional contact attributes: category (咨询/投诉/纠纷/建议 …, a configured list) and tier.
ALTER TABLE contact_events {{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS category LowCardinality(String) DEFAULT '';
ALTER TABLE contact_events {{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS tier LowCardinality(String) DEFAULT '';

-- 2. Hourly rollups with the board's counters (src/lib/server/live/metrics.ts), kept by materialized
-- views over contact_events. Waits and handle times are histograms with the bucket rule of migration
-- 0002 (seconds rounded UP to 1 s / 10 s / 15 min edges), so "within T" is exact for T on an edge and
-- percentiles are bucket upper edges. answered = first answers whose wait is known (wait_ms derived by
-- the ingester), as on the board; arrival_wait_hist holds the same waits keyed by the ARRIVAL hour,
-- which is where the board counts 即时响应率.
-- report_hour: by team and agent; report_hour_cq: by category and tier instead (agents × categories
-- would multiply the rows: at 100 M events the person table would read ~3× more rows per report).
CREATE TABLE IF NOT EXISTS report_hour {{ON_CLUSTER}}
(
    hour DateTime('UTC'),
    channel LowCardinality(String),
    queue LowCardinality(String),
    team_id LowCardinality(String),
    agent_id LowCardinality(String),
    offered SimpleAggregateFunction(sum, UInt64),
    answered SimpleAggregateFunction(sum, UInt64),
    abandoned SimpleAggregateFunction(sum, UInt64),
    resolved SimpleAggregateFunction(sum, UInt64),
    reopened SimpleAggregateFunction(sum, UInt64),
    frt_ms_sum SimpleAggregateFunction(sum, UInt64),
    handle_ms_sum SimpleAggregateFunction(sum, UInt64),
    handled SimpleAggregateFunction(sum, UInt64),
    answered_wait_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    arrival_wait_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    abandoned_wait_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    abandoned_wait_unknown SimpleAggregateFunction(sum, UInt64),
    handle_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    csat_sum SimpleAggregateFunction(sum, UInt64),
    csat_count SimpleAggregateFunction(sum, UInt64),
    nps_promoters SimpleAggregateFunction(sum, UInt64),
    nps_detractors SimpleAggregateFunction(sum, UInt64),
    nps_count SimpleAggregateFunction(sum, UInt64)
)
ENGINE = {{REPLICATED}}AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, channel, queue, team_id, agent_id);

CREATE TABLE IF NOT EXISTS report_hour_cq {{ON_CLUSTER}}
(
    hour DateTime('UTC'),
    channel LowCardinality(String),
    queue LowCardinality(String),
    category LowCardinality(String),
    tier LowCardinality(String),
    offered SimpleAggregateFunction(sum, UInt64),
    answered SimpleAggregateFunction(sum, UInt64),
    abandoned SimpleAggregateFunction(sum, UInt64),
    resolved SimpleAggregateFunction(sum, UInt64),
    reopened SimpleAggregateFunction(sum, UInt64),
    frt_ms_sum SimpleAggregateFunction(sum, UInt64),
    handle_ms_sum SimpleAggregateFunction(sum, UInt64),
    handled SimpleAggregateFunction(sum, UInt64),
    answered_wait_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    arrival_wait_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    abandoned_wait_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    abandoned_wait_unknown SimpleAggregateFunction(sum, UInt64),
    handle_hist SimpleAggregateFunction(sumMap, Tuple(Array(UInt32), Array(UInt64))),
    csat_sum SimpleAggregateFunction(sum, UInt64),
    csat_count SimpleAggregateFunction(sum, UInt64),
    nps_promoters SimpleAggregateFunction(sum, UInt64),
    nps_detractors SimpleAggregateFunction(sum, UInt64),
    nps_count SimpleAggregateFunction(sum, UInt64)
)
ENGINE = {{REPLICATED}}AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, channel, queue, category, tier);

CREATE MATERIALIZED VIEW IF NOT EXISTS report_hour_mv {{ON_CLUSTER}} TO report_hour AS
SELECT
    toStartOfHour(ts) AS hour,
    channel, queue, team_id, agent_id,
    countIf(type = 'contact.arrived') AS offered,
    countIf(type = 'contact.answered' AND wait_ms IS NOT NULL) AS answered,
    countIf(type = 'contact.abandoned') AS abandoned,
    countIf(type = 'contact.resolved') AS resolved,
    countIf(type = 'contact.reopened') AS reopened,
    sumIf(toUInt64(ifNull(wait_ms, 0)), type = 'contact.answered' AND wait_ms IS NOT NULL) AS frt_ms_sum,
    sumIf(toUInt64(ifNull(handle_ms, 0)), type = 'contact.resolved' AND handle_ms IS NOT NULL) AS handle_ms_sum,
    countIf(type = 'contact.resolved' AND handle_ms IS NOT NULL) AS handled,
    sumMapIf([toUInt32(multiIf(intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(wait_ms, 0) + 999, 1000), intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 9, 10) * 10, intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 899, 900) * 900, 4294967295))], [toUInt64(1)], type = 'contact.answered' AND wait_ms IS NOT NULL) AS answered_wait_hist,
    sumMapIf([toUInt32(multiIf(intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(wait_ms, 0) + 999, 1000), intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 9, 10) * 10, intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 899, 900) * 900, 4294967295))], [toUInt64(1)], type = 'contact.abandoned' AND wait_ms IS NOT NULL) AS abandoned_wait_hist,
    countIf(type = 'contact.abandoned' AND wait_ms IS NULL) AS abandoned_wait_unknown,
    sumMapIf([toUInt32(multiIf(intDiv(ifNull(handle_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(handle_ms, 0) + 999, 1000), intDiv(ifNull(handle_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(handle_ms, 0) + 999, 1000) + 9, 10) * 10, intDiv(ifNull(handle_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(handle_ms, 0) + 999, 1000) + 899, 900) * 900, 4294967295))], [toUInt64(1)], type = 'contact.resolved' AND handle_ms IS NOT NULL) AS handle_hist,
    sumIf(toUInt64(ifNull(csat, 0)), type = 'contact.rated' AND csat IS NOT NULL) AS csat_sum,
    countIf(type = 'contact.rated' AND csat IS NOT NULL) AS csat_count,
    countIf(type = 'contact.rated' AND nps >= 9) AS nps_promoters,
    countIf(type = 'contact.rated' AND nps <= 6) AS nps_detractors,
    countIf(type = 'contact.rated' AND nps IS NOT NULL) AS nps_count
FROM contact_events
GROUP BY hour, channel, queue, team_id, agent_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS report_hour_arrival_mv {{ON_CLUSTER}} TO report_hour AS
SELECT
    toStartOfHour(fromUnixTimestamp64Milli(toUnixTimestamp64Milli(ts) - toInt64(wait_ms), 'UTC')) AS hour,
    channel, queue, team_id, agent_id,
    sumMapIf([toUInt32(multiIf(intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(wait_ms, 0) + 999, 1000), intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 9, 10) * 10, intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 899, 900) * 900, 4294967295))], [toUInt64(1)], 1) AS arrival_wait_hist
FROM contact_events
WHERE type = 'contact.answered' AND wait_ms IS NOT NULL
GROUP BY hour, channel, queue, team_id, agent_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS report_hour_cq_mv {{ON_CLUSTER}} TO report_hour_cq AS
SELECT
    toStartOfHour(ts) AS hour,
    channel, queue, category, tier,
    countIf(type = 'contact.arrived') AS offered,
    countIf(type = 'contact.answered' AND wait_ms IS NOT NULL) AS answered,
    countIf(type = 'contact.abandoned') AS abandoned,
    countIf(type = 'contact.resolved') AS resolved,
    countIf(type = 'contact.reopened') AS reopened,
    sumIf(toUInt64(ifNull(wait_ms, 0)), type = 'contact.answered' AND wait_ms IS NOT NULL) AS frt_ms_sum,
    sumIf(toUInt64(ifNull(handle_ms, 0)), type = 'contact.resolved' AND handle_ms IS NOT NULL) AS handle_ms_sum,
    countIf(type = 'contact.resolved' AND handle_ms IS NOT NULL) AS handled,
    sumMapIf([toUInt32(multiIf(intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(wait_ms, 0) + 999, 1000), intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 9, 10) * 10, intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 899, 900) * 900, 4294967295))], [toUInt64(1)], type = 'contact.answered' AND wait_ms IS NOT NULL) AS answered_wait_hist,
    sumMapIf([toUInt32(multiIf(intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(wait_ms, 0) + 999, 1000), intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 9, 10) * 10, intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 899, 900) * 900, 4294967295))], [toUInt64(1)], type = 'contact.abandoned' AND wait_ms IS NOT NULL) AS abandoned_wait_hist,
    countIf(type = 'contact.abandoned' AND wait_ms IS NULL) AS abandoned_wait_unknown,
    sumMapIf([toUInt32(multiIf(intDiv(ifNull(handle_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(handle_ms, 0) + 999, 1000), intDiv(ifNull(handle_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(handle_ms, 0) + 999, 1000) + 9, 10) * 10, intDiv(ifNull(handle_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(handle_ms, 0) + 999, 1000) + 899, 900) * 900, 4294967295))], [toUInt64(1)], type = 'contact.resolved' AND handle_ms IS NOT NULL) AS handle_hist,
    sumIf(toUInt64(ifNull(csat, 0)), type = 'contact.rated' AND csat IS NOT NULL) AS csat_sum,
    countIf(type = 'contact.rated' AND csat IS NOT NULL) AS csat_count,
    countIf(type = 'contact.rated' AND nps >= 9) AS nps_promoters,
    countIf(type = 'contact.rated' AND nps <= 6) AS nps_detractors,
    countIf(type = 'contact.rated' AND nps IS NOT NULL) AS nps_count
FROM contact_events
GROUP BY hour, channel, queue, category, tier;

CREATE MATERIALIZED VIEW IF NOT EXISTS report_hour_cq_arrival_mv {{ON_CLUSTER}} TO report_hour_cq AS
SELECT
    toStartOfHour(fromUnixTimestamp64Milli(toUnixTimestamp64Milli(ts) - toInt64(wait_ms), 'UTC')) AS hour,
    channel, queue, category, tier,
    sumMapIf([toUInt32(multiIf(intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 300, intDiv(ifNull(wait_ms, 0) + 999, 1000), intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 3600, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 9, 10) * 10, intDiv(ifNull(wait_ms, 0) + 999, 1000) <= 259200, intDiv(intDiv(ifNull(wait_ms, 0) + 999, 1000) + 899, 900) * 900, 4294967295))], [toUInt64(1)], 1) AS arrival_wait_hist
FROM contact_events
WHERE type = 'contact.answered' AND wait_ms IS NOT NULL
GROUP BY hour, channel, queue, category, tier;

-- 3. Contact-level marks for the reopen-based figures (FCR, 投诉二次率): arrivals, resolutions and
-- reopens, one row each, ordered so that one type in a few queues over a date range is a range read.
CREATE TABLE IF NOT EXISTS report_marks {{ON_CLUSTER}}
(
    type LowCardinality(String),
    queue LowCardinality(String),
    ts DateTime64(3, 'UTC'),
    -- cityHash64(contact_id): the join key (a UInt64 hash join is several times faster than on strings)
    contact_key UInt64,
    customer_key UInt64,
    contact_id String,
    customer_id String,
    channel LowCardinality(String),
    team_id LowCardinality(String),
    agent_id LowCardinality(String),
    category LowCardinality(String),
    tier LowCardinality(String)
)
ENGINE = {{REPLICATED}}MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (type, queue, ts);

CREATE MATERIALIZED VIEW IF NOT EXISTS report_marks_mv {{ON_CLUSTER}} TO report_marks AS
SELECT type, queue, ts, cityHash64(contact_id) AS contact_key, if(customer_id = '', 0, cityHash64(customer_id)) AS customer_key,
    contact_id, customer_id, channel, team_id, agent_id, category, tier
FROM contact_events
WHERE type IN ('contact.arrived', 'contact.resolved', 'contact.reopened');
