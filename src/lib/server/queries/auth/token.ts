/** ClickHouse returns 64-bit integers as strings in JSON. */
export const num = (x: number | string): number => Number(x);
export const numOrNull = (x: number | string | null): number | null => (x === null ? null : Number(x));
