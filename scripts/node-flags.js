// V8 flags for the production server process (scripts/server.js), shared by its launchers:
// scripts/start.js (`npm start`) and tests/helpers/server.ts (tests, benches). Decision 0126.
// `npm run serve` (plain `node scripts/server.js`) runs without them.

/** @type {string[]} */
export const SERVER_NODE_FLAGS = [];
