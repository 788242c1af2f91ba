/**
 * Smooths an intraday profile by local-linear regression with triangular weights over ±`bandwidth`
 * slots (a LOESS of degree 1; Cleveland 1979), using only slots where `mask` is 1 so that opening
 * and closing edges are not blurred into closed slots; local-linear rather than a moving average
 * so that the steep morning ramp is not flattened at the boundary. Negative results are clipped
 * and the profile is renormalised to sum to 1 over the masked slots.
 *
 * @throws if `bandwidth` is not a non-negative integer or the lengths differ.
 * @example smoothProfile(Float64Array.from([0.2, 0.3, 0.5]), Uint8Array.from([1, 1, 1]), 0) // unchanged
 */
export function smoothProfile(profile: Float64Array, mask: Uint8Array, bandwidth: number): Float64Array {
	if (!Number.isInteger(bandwidth) || bandwidth < 0) {
		throw new Error(`smoothProfile: bandwidth must be a non-negative integer, got ${bandwidth}`);
	}
	if (mask.length !== profile.length) {
		throw new Error(`smoothProfile: mask length ${mask.length} must equal profile length ${profile.length}`);
	}
	const S = profile.length;
	const out = new Float64Array(S);
	for (let s = 0; s < S; s++) {
		if (!mask[s]) continue;
		if (bandwidth === 0) {
			out[s] = profile[s];
			continue;
		}
		let sw = 0;
		let sx = 0;
		let sy = 0;
		let sxx = 0;
		let sxy = 0;
		for (let k = -bandwidth; k <= bandwidth; k++) {
			const t = s + k;
			if (t < 0 || t >= S || !mask[t]) continue;
			const wt = bandwidth + 1 - Math.abs(k);
			sw += wt;
			sx += wt * k;
			sy += wt * profile[t];
			sxx += wt * k * k;
			sxy += wt * k * profile[t];
		}
		const den = sw * sxx - sx * sx;
		// Intercept of the weighted line at k = 0; fall back to the weighted mean when degenerate.
		out[s] = den > 1e-12 ? (sy * sxx - sx * sxy) / den : sy / sw;
	}
	let sum = 0;
	for (let s = 0; s < S; s++) {
		if (out[s] < 0) out[s] = 0;
		sum += out[s];
	}
	if (sum > 0) for (let s = 0; s < S; s++) out[s] /= sum;
	return out;
}
