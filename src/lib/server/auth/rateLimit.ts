/**
 * Failed sign-ins per key (username + client address): after `maxFailures` inside `windowMs` the key
 * is blocked until the oldest of those failures leaves the window (a sliding window; OWASP
 * Authentication Cheat Sheet, "Login Throttling"). A success clears the key. Memory is bounded:
 * at most `maxKeys` keys are tracked, the stalest dropped first.
 *
 * `reserve` counts an attempt as a failure *before* its password is verified (issue 24: 100
 * simultaneous sign-ins all passed a check-then-verify limiter while the hashes ran). It is
 * synchronous, so on Node's single thread check-and-count is atomic per key; a success then clears
 * the key, a failure simply keeps its reservation.
 */
export class LoginLimiter {
	private failures = new Map<string, number[]>();

	constructor(
		private maxFailures: number,
		private windowMs: number,
		private maxKeys = 100_000
	) {}

	/** Milliseconds until `key` may try again; 0 when it may try now. */
	blockedForMs(key: string, nowMs: number): number {
		const list = this.recent(key, nowMs);
		if (list.length < this.maxFailures) return 0;
		return Math.max(1, list[list.length - this.maxFailures] + this.windowMs - nowMs);
	}

	/** Takes one attempt for `key` now: 0 when granted (already counted as a failure), else the wait in ms. */
	reserve(key: string, nowMs: number): number {
		const wait = this.blockedForMs(key, nowMs);
		if (wait > 0) return wait;
		this.fail(key, nowMs);
		return 0;
	}

	fail(key: string, nowMs: number): void {
		const list = this.recent(key, nowMs);
		list.push(nowMs);
		this.failures.delete(key); // re-insert: Map order = least recently failed first
		this.failures.set(key, list);
		if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
	}

	succeed(key: string): void {
		this.failures.delete(key);
	}

	prune(nowMs: number): void {
		for (const key of [...this.failures.keys()]) if (this.recent(key, nowMs).length === 0) this.failures.delete(key);
	}

	private recent(key: string, nowMs: number): number[] {
		const list = (this.failures.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
		if (list.length > 0) this.failures.set(key, list);
		else this.failures.delete(key);
		return list;
	}
}
