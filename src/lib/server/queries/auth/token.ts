import { randomUUID } from 'node:crypto';

/**
 * Every insert passes its own dedup token: settings stick to a chDB connection, and in cluster mode
 * Replicated tables drop a block identical to a recent one (docs/decisions/0002, 0004).
 */
export const insertToken = (tag: string) => ({ insert_deduplication_token: `${tag}-${randomUUID()}` });

/** ClickHouse returns 64-bit integers as strings in JSON. */
export const num = (x: number | string): number => Number(x);
export const numOrNull = (x: number | string | null): number | null => (x === null ? null : Number(x));
