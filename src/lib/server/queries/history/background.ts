/**
 * Import work runs at a lower OS thread priority (nice 10) so that, on a busy machine, the engine
 * threads of live ingest inserts get the CPU first. Settings stick to a connection: the importer
 * resets it with `resetPriority` when the import ends, so later planning queries on `heavy` run
 * at the normal priority. Every statement of an import runs on the `heavy` connection (decision
 * 0013): imports and coverage may take seconds and must never hold the connection the ingester or
 * the board use.
 */
export const BACKGROUND = { os_thread_priority: '10' } as const;
