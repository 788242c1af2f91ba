-- Settled FCR and 投诉二次率 counts per closed local day (issue 20, docs/decisions/0085-settled-outcome-days.md).
-- A resolution on day D is "FCR or not" only once every reopen that can count for it is stored: after
-- D + fcrWindowDays + ingest.maxLatenessSec (live ingest refuses older events). From then on the day's
-- counts cannot change through live ingest, so they are computed once, by one INSERT … SELECT per day
-- (src/lib/server/queries/reports/settleFcrDay.ts, settleComplaintDay.ts), and reports read these
-- rows instead of joining contact-level marks. Days not settled yet are computed live, as before.
--
-- `basis` names what the counts depend on besides the events: the kind, the window, the complaint
-- queues and the zone the days are cut in (e.g. 'fcr|w=7|tz=Asia/Shanghai'); a configuration change
-- makes a new basis, whose days are settled afresh while the report computes them live.
-- `run` identifies one settlement of one day: a day settled again (old events imported later through
-- /api/v1/history/events) gets new rows under a new run, and report_outcome_settled says which run counts.
CREATE TABLE IF NOT EXISTS report_outcome_day {{ON_CLUSTER}}
(
    basis LowCardinality(String),
    day Date,
    run UInt64,
    channel LowCardinality(String),
    queue LowCardinality(String),
    team_id LowCardinality(String),
    agent_id LowCardinality(String),
    category LowCardinality(String),
    tier LowCardinality(String),
    -- fcr: resolutions followed by a reopen of the same contact within the window; complaint: complaint
    -- contacts followed by another complaint contact of the customer or a reopen within the window
    n UInt64,
    -- fcr: resolutions; complaint: complaint contacts (the denominators, kept for checks)
    m UInt64
)
ENGINE = {{REPLICATED}}MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (basis, day, channel, queue, team_id, agent_id, category, tier);

-- One row per settlement or invalidation of a (basis, day); the latest row (by `at`, then `run`) says whether the
-- day is settled (valid = 1) and under which run.
CREATE TABLE IF NOT EXISTS report_outcome_settled {{ON_CLUSTER}}
(
    basis LowCardinality(String),
    day Date,
    run UInt64,
    valid UInt8,
    -- the basis' window and zone, so that an import of old events can find the days it touches
    window_days UInt16,
    tz LowCardinality(String),
    at DateTime64(3, 'UTC')
)
ENGINE = {{REPLICATED}}MergeTree
ORDER BY (basis, day);
