/**
 * Retry delays: exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential
 * Backoff And Jitter", 2015): cap = min(maxDelayMs, baseDelayMs · 2^(attempt − 1)),
 * delay = cap / 2 + random · cap / 2. Half the delay is kept so retries never collapse to
 * zero; the random half spreads clients that failed together.
 */

export interface RetryPolicy {
	baseDelayMs: number;
	maxDelayMs: number;
	/** Give a job up when it is this old and still failing. */
	giveUpAfterMs: number;
	/** Give a job up after this many attempts. */
	maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	baseDelayMs: 1_000,
	maxDelayMs: 5 * 60_000,
	giveUpAfterMs: 24 * 60 * 60_000,
	maxAttempts: Number.POSITIVE_INFINITY
};

/**
 * Delay before the next attempt after `failedAttempts` failures.
 *
 * @param failedAttempts ≥ 1
 * @param random a number in [0, 1)
 * @throws Error when failedAttempts < 1
 * @example
 * backoffDelayMs(3, DEFAULT_RETRY, () => 0); // 2000 (cap 4000, half of it)
 */
export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
	if (!(failedAttempts >= 1)) throw new Error(`backoffDelayMs: failedAttempts must be ≥ 1, got ${failedAttempts}`);
	const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(failedAttempts - 1, 40));
	return cap / 2 + random() * (cap / 2);
}
