import type { KpiRow } from '$lib/types/reports';

/** Pure helpers of the reports page (browser and server): no I/O. */

/** The same-length period just before [from, to] (dates YYYY-MM-DD, `to` included). */
export function previousRange(from: string, to: string): { from: string; to: string } {
	const day = 86_400_000;
	const f = Date.parse(`${from}T00:00:00Z`);
	const t = Date.parse(`${to}T00:00:00Z`);
	const len = Math.round((t - f) / day) + 1;
	const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	return { from: iso(f - len * day), to: iso(f - day) };
}

/**
 * p-quantile of a bucket histogram [[upper edge, count] …] (the migration 0002 buckets): the upper
 * edge of the bucket where the cumulative count reaches ceil(p × total), as on the board.
 */
export function histPercentile(hist: readonly (readonly [number, number])[], p: number): number | null {
	const sorted = [...hist].sort((a, b) => a[0] - b[0]);
	const total = sorted.reduce((s, [, c]) => s + c, 0);
	if (total === 0) return null;
	const rank = Math.ceil(p * total);
	let cum = 0;
	for (const [k, c] of sorted) {
		cum += c;
		if (cum >= rank) return k;
	}
	return sorted[sorted.length - 1][0];
}

/** Re-bins a bucket histogram into display bins ≤ e1, ≤ e2 … and "> last". */
export function binHistogram(hist: readonly (readonly [number, number])[], edges: readonly number[]): { label: string; count: number }[] {
	const bins = edges.map((e) => ({ label: `≤${short(e)}`, count: 0 }));
	bins.push({ label: `>${short(edges[edges.length - 1])}`, count: 0 });
	for (const [k, c] of hist) {
		const i = edges.findIndex((e) => k <= e);
		bins[i === -1 ? bins.length - 1 : i].count += c;
	}
	return bins;
}

function short(sec: number): string {
	if (sec < 120) return `${sec}s`;
	if (sec < 7200) return `${sec / 60}m`;
	return `${sec / 3600}h`;
}

export interface Weights {
	fcrPct: number;
	csatAvg: number;
	serviceLevelPct: number;
}

export interface Scored {
	row: KpiRow;
	/** 0–100, the weighted mean of the metrics the row has (null when it has none) */
	score: number | null;
	/** the metric with the lowest normalised value: what to coach first */
	weakest: keyof Weights;
}

/**
 * Scorecard: each metric on a 0–100 scale (FCR % and SL % as they are, CSAT 1–5 mapped to 0–100),
 * weighted by `weights` (relative; a metric the row lacks drops out with its weight). Sorted best first.
 */
export function scoreRows(rows: readonly KpiRow[], weights: Weights): Scored[] {
	const out = rows.map((row) => {
		const parts: [keyof Weights, number][] = [];
		if (row.fcrPct !== null) parts.push(['fcrPct', row.fcrPct]);
		if (row.csatAvg !== null) parts.push(['csatAvg', ((row.csatAvg - 1) / 4) * 100]);
		if (row.serviceLevelPct !== null) parts.push(['serviceLevelPct', row.serviceLevelPct]);
		let wsum = 0;
		let sum = 0;
		for (const [k, v] of parts) {
			const w = Math.max(0, Number(weights[k]) || 0);
			wsum += w;
			sum += w * v;
		}
		const weakest = parts.length > 0 ? parts.reduce((a, b) => (b[1] < a[1] ? b : a))[0] : 'fcrPct';
		return { row, score: wsum > 0 ? Math.round((sum / wsum) * 10) / 10 : null, weakest };
	});
	return out.sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
}
