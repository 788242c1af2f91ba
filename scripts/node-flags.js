// V8 flags for the production server process (scripts/server.js), shared by its launchers:
// scripts/start.js (`npm start`) and tests/helpers/server.ts (tests, benches). Decision 0126.
// `npm run serve` (plain `node scripts/server.js`) runs without them.
//
// --max-semi-space-size=64: a young generation of 2 × 64 MB instead of 2 × 16 MB. An ingest
// message's objects live about one ack round trip (the group-commit insert, hundreds of ms); with
// 16 MB semi-spaces a scavenge came every ≈ 0.3 s, so they survived two and were copied into the old
// generation, where only a mark-compact frees them. Measured at 1 000 events/s (bench:soak, 6 min,
// shared machine at load 7–17): GC 19.9 → 9.9 s (609 → 223 scavenges), ack p99 3.8 → 1.9 s, max
// RSS 817 → 849 MB.

/** @type {string[]} */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
