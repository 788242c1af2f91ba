/**
 * Argument checks shared by the staffing functions. Each throws an Error that names the calling
 * function, the argument, what is allowed and the value received, so a planner (or the CLI) can
 * act on it, e.g. `erlangC: agents must be a non-negative integer, got -1`.
 */

function show(value: unknown): string {
	return typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
}

/** @throws unless `value` is a finite number ≥ 0. */
export function requireNonNegative(fn: string, name: string, value: number): void {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new Error(`${fn}: ${name} must be a finite number >= 0, got ${show(value)}`);
	}
}

/** @throws unless `value` is a finite number > 0. */
export function requirePositive(fn: string, name: string, value: number): void {
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
		throw new Error(`${fn}: ${name} must be a finite number > 0, got ${show(value)}`);
	}
}

/** @throws unless `value` is an integer ≥ 0 (and ≤ 2^31, far beyond any contact centre). */
export function requireNonNegativeInteger(fn: string, name: string, value: number): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 31) {
		throw new Error(`${fn}: ${name} must be a non-negative integer, got ${show(value)}`);
	}
}

/** @throws unless `value` is a number in the open interval (0, 1). */
export function requireOpenFraction(fn: string, name: string, value: number): void {
	if (typeof value !== 'number' || !(value > 0 && value < 1)) {
		throw new Error(`${fn}: ${name} must be a fraction strictly between 0 and 1, got ${show(value)}`);
	}
}

/** @throws unless `value` is a number in (0, 1]. */
export function requireFractionUpToOne(fn: string, name: string, value: number): void {
	if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
		throw new Error(`${fn}: ${name} must be a fraction in (0, 1], got ${show(value)}`);
	}
}

/** @throws unless `value` is a number in [0, 1). */
export function requireFractionBelowOne(fn: string, name: string, value: number): void {
	if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
		throw new Error(`${fn}: ${name} must be a fraction in [0, 1), got ${show(value)}`);
	}
}
