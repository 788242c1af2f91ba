-- Day-grain report rollups (issue 20, docs/decisions/0080-report-day-rollups.md).
-- The same counters and histograms as report_hour / report_hour_cq (migration 0060), summed per LOCAL
-- day in Asia/Shanghai (the default zone; src/lib/server/queries/reports/kpiRows.ts DAY_ROLLUP_ZONE
-- names the same zone): a 90-day report by day, week, month or total reads 24× fewer rows than from the
-- hourly tables. A configured zone other than this one reads the hourly tables (correct, slower).
-- Fed by materialized views on the HOURLY tables (chained: each insert into report_hour through its own
-- views re-aggregates that small block by day), so the raw events are not read again.

CREATE TABLE IF NOT EXISTS report_day {{ON_CLUSTER}}
(
    day Date,
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
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, queue, team_id, agent_id);

-- what the hourly table already holds (an installation upgraded with data), then the view for new rows
INSERT INTO report_day
SELECT toDate(hour, 'Asia/Shanghai') AS day, channel, queue, team_id, agent_id,
    sum(offered) AS offered,
    sum(answered) AS answered,
    sum(abandoned) AS abandoned,
    sum(resolved) AS resolved,
    sum(reopened) AS reopened,
    sum(frt_ms_sum) AS frt_ms_sum,
    sum(handle_ms_sum) AS handle_ms_sum,
    sum(handled) AS handled,
    sumMap(answered_wait_hist) AS answered_wait_hist,
    sumMap(arrival_wait_hist) AS arrival_wait_hist,
    sumMap(abandoned_wait_hist) AS abandoned_wait_hist,
    sum(abandoned_wait_unknown) AS abandoned_wait_unknown,
    sumMap(handle_hist) AS handle_hist,
    sum(csat_sum) AS csat_sum,
    sum(csat_count) AS csat_count,
    sum(nps_promoters) AS nps_promoters,
    sum(nps_detractors) AS nps_detractors,
    sum(nps_count) AS nps_count
FROM report_hour
GROUP BY day, channel, queue, team_id, agent_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS report_day_mv {{ON_CLUSTER}} TO report_day AS
SELECT toDate(hour, 'Asia/Shanghai') AS day, channel, queue, team_id, agent_id,
    sum(offered) AS offered,
    sum(answered) AS answered,
    sum(abandoned) AS abandoned,
    sum(resolved) AS resolved,
    sum(reopened) AS reopened,
    sum(frt_ms_sum) AS frt_ms_sum,
    sum(handle_ms_sum) AS handle_ms_sum,
    sum(handled) AS handled,
    sumMap(answered_wait_hist) AS answered_wait_hist,
    sumMap(arrival_wait_hist) AS arrival_wait_hist,
    sumMap(abandoned_wait_hist) AS abandoned_wait_hist,
    sum(abandoned_wait_unknown) AS abandoned_wait_unknown,
    sumMap(handle_hist) AS handle_hist,
    sum(csat_sum) AS csat_sum,
    sum(csat_count) AS csat_count,
    sum(nps_promoters) AS nps_promoters,
    sum(nps_detractors) AS nps_detractors,
    sum(nps_count) AS nps_count
FROM report_hour
GROUP BY day, channel, queue, team_id, agent_id;

CREATE TABLE IF NOT EXISTS report_day_cq {{ON_CLUSTER}}
(
    day Date,
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
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, queue, category, tier);

-- what the hourly table already holds (an installation upgraded with data), then the view for new rows
INSERT INTO report_day_cq
SELECT toDate(hour, 'Asia/Shanghai') AS day, channel, queue, category, tier,
    sum(offered) AS offered,
    sum(answered) AS answered,
    sum(abandoned) AS abandoned,
    sum(resolved) AS resolved,
    sum(reopened) AS reopened,
    sum(frt_ms_sum) AS frt_ms_sum,
    sum(handle_ms_sum) AS handle_ms_sum,
    sum(handled) AS handled,
    sumMap(answered_wait_hist) AS answered_wait_hist,
    sumMap(arrival_wait_hist) AS arrival_wait_hist,
    sumMap(abandoned_wait_hist) AS abandoned_wait_hist,
    sum(abandoned_wait_unknown) AS abandoned_wait_unknown,
    sumMap(handle_hist) AS handle_hist,
    sum(csat_sum) AS csat_sum,
    sum(csat_count) AS csat_count,
    sum(nps_promoters) AS nps_promoters,
    sum(nps_detractors) AS nps_detractors,
    sum(nps_count) AS nps_count
FROM report_hour_cq
GROUP BY day, channel, queue, category, tier;

CREATE MATERIALIZED VIEW IF NOT EXISTS report_day_cq_mv {{ON_CLUSTER}} TO report_day_cq AS
SELECT toDate(hour, 'Asia/Shanghai') AS day, channel, queue, category, tier,
    sum(offered) AS offered,
    sum(answered) AS answered,
    sum(abandoned) AS abandoned,
    sum(resolved) AS resolved,
    sum(reopened) AS reopened,
    sum(frt_ms_sum) AS frt_ms_sum,
    sum(handle_ms_sum) AS handle_ms_sum,
    sum(handled) AS handled,
    sumMap(answered_wait_hist) AS answered_wait_hist,
    sumMap(arrival_wait_hist) AS arrival_wait_hist,
    sumMap(abandoned_wait_hist) AS abandoned_wait_hist,
    sum(abandoned_wait_unknown) AS abandoned_wait_unknown,
    sumMap(handle_hist) AS handle_hist,
    sum(csat_sum) AS csat_sum,
    sum(csat_count) AS csat_count,
    sum(nps_promoters) AS nps_promoters,
    sum(nps_detractors) AS nps_detractors,
    sum(nps_count) AS nps_count
FROM report_hour_cq
GROUP BY day, channel, queue, category, tier;
