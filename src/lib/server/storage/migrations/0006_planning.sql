-- Planning scenarios (named what-if plans); a deleted scenario is a later version with deleted = 1.
CREATE TABLE IF NOT EXISTS planning_scenarios {{ON_CLUSTER}}
(
    id String,
    version_ms Int64,
    deleted UInt8,
    name String,
    saved_by String,
    params String,
    summary String
)
ENGINE = {{REPLICATED}}ReplacingMergeTree(version_ms)
ORDER BY id;
