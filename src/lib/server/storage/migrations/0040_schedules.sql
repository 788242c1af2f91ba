-- Shift schedules (issue 21): drafts and published versions; the latest version of an id wins.
-- body: JSON {rules, requirement, roster, shifts} as the schedule page sent it.
CREATE TABLE IF NOT EXISTS schedules {{ON_CLUSTER}}
(
    id String,
    version_ms Int64,
    deleted UInt8,
    name String,
    published UInt8,
    saved_by String,
    body String
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version_ms)
ORDER BY id;
