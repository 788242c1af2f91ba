import { createHash, randomUUID } from 'node:crypto';

/**
 * The two ways an insert names its block for ClickHouse's insert deduplication — every insert passes
 * one of them, because settings stick to a chDB connection (docs/chdb-engine.md): an insert without
 * its own token inherits the one before it and is silently dropped as that block's duplicate.
 */

/** A token no other insert has: the block is always kept (records written once: users, alerts, scenarios…). */
export function freshInsertToken(tag: string): { insert_deduplication_token: string } {
	return { insert_deduplication_token: `${tag}-${randomUUID()}` };
}

/**
 * A token derived from what the block holds: an insert retried after a lost answer carries the same
 * token and is dropped instead of doubling the rows (the ingest writer, decision 0006).
 */
export function contentInsertToken(tag: string, keys: readonly string[]): { insert_deduplication_token: string } {
	return { insert_deduplication_token: `${tag}-${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32)}` };
}
