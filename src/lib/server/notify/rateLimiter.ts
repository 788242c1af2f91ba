/**
 * Sliding-window rate limiter (a log of send instants): at most `max` sends in any window of
 * `perMs`, for each configured window (Feishu has two: 5 a second and 100 a minute).
 */
import type { RateLimit } from './types';

export class SlidingWindowLimiter {
	private readonly limits: RateLimit[];
	private readonly longestMs: number;
	private sends: number[] = [];

	/**
	 * @throws Error when a limit has max < 1 or perMs ≤ 0
	 * @example
	 * const l = new SlidingWindowLimiter([{ max: 20, perMs: 60_000 }]);
	 */
	constructor(limits: readonly RateLimit[]) {
		for (const [i, l] of limits.entries()) {
			if (!(Number.isInteger(l.max) && l.max >= 1) || !(l.perMs > 0)) {
				throw new Error(`SlidingWindowLimiter: limits[${i}] must have an integer max ≥ 1 and perMs > 0, got ${JSON.stringify(l)}`);
			}
		}
		this.limits = [...limits];
		this.longestMs = Math.max(0, ...limits.map((l) => l.perMs));
	}

	private prune(nowMs: number): void {
		const from = nowMs - this.longestMs;
		let i = 0;
		while (i < this.sends.length && this.sends[i] <= from) i++;
		if (i > 0) this.sends = this.sends.slice(i);
	}

	private countSince(fromExclusive: number): number {
		let n = 0;
		for (let i = this.sends.length - 1; i >= 0 && this.sends[i] > fromExclusive; i--) n++;
		return n;
	}

	/** Sends still allowed right now (Infinity without limits). */
	available(nowMs: number): number {
		this.prune(nowMs);
		let min = Number.POSITIVE_INFINITY;
		for (const l of this.limits) min = Math.min(min, l.max - this.countSince(nowMs - l.perMs));
		return Math.max(0, min);
	}

	/** Milliseconds until one more send is allowed (0 = now). */
	waitMs(nowMs: number): number {
		this.prune(nowMs);
		let wait = 0;
		for (const l of this.limits) {
			const inWindow = this.sends.filter((t) => t > nowMs - l.perMs);
			if (inWindow.length >= l.max) {
				// the send that must leave the window first
				const leaving = inWindow[inWindow.length - l.max];
				wait = Math.max(wait, leaving + l.perMs - nowMs);
			}
		}
		return wait;
	}

	record(nowMs: number): void {
		this.sends.push(nowMs);
	}
}
