import type { IntradaySeries, RealtimeSnapshot } from '$lib/types/realtime';

/**
 * Bounded board payloads (issue 24): the intraday series is the bulk of a snapshot (up to 96
 * intervals × 4 channels), yet between two pushes only its last interval changes. The server sends
 * the full series on connect and every FULL_INTRADAY_EVERY_MS; other pushes carry only the entries
 * from `from` on, which the board splices onto the series it holds.
 */
export const FULL_INTRADAY_EVERY_MS = 30_000;

/** A series cut to its entries from index `from` (0 = the full series). */
export type IntradayPart = IntradaySeries & { from?: number };

/** The snapshot with each channel's intraday series cut to its last `keep` entries. */
export function tailIntraday(snap: RealtimeSnapshot, keep = 1): RealtimeSnapshot {
	return {
		...snap,
		channels: snap.channels.map((c) => {
			const from = Math.max(0, c.intraday.startsMs.length - keep);
			const part: IntradayPart = {
				intervalMin: c.intraday.intervalMin,
				from,
				startsMs: c.intraday.startsMs.slice(from),
				offered: c.intraday.offered.slice(from),
				serviceLevelPct: c.intraday.serviceLevelPct.slice(from)
			};
			return { ...c, intraday: part };
		})
	};
}

/**
 * The full snapshot from a pushed one: series with `from` > 0 are spliced onto `prev`'s series of the
 * same channel and day. When that is impossible (no previous series, another day, a gap)
 * the board keeps its old series (or an empty one) until the next full push, at most FULL_INTRADAY_EVERY_MS away.
 */
export function mergeIntraday(prev: RealtimeSnapshot | null, next: RealtimeSnapshot): RealtimeSnapshot {
	return {
		...next,
		channels: next.channels.map((c) => {
			const part = c.intraday as IntradayPart;
			if (!part.from) return c;
			const old = prev && prev.todayStartMs === next.todayStartMs ? prev.channels.find((p) => p.channel === c.channel)?.intraday : undefined;
			if (!old || old.startsMs.length < part.from) return { ...c, intraday: old ?? { intervalMin: part.intervalMin, startsMs: [], offered: [], serviceLevelPct: [] } };
			const intraday: IntradaySeries = {
				intervalMin: part.intervalMin,
				startsMs: [...old.startsMs.slice(0, part.from), ...part.startsMs],
				offered: [...old.offered.slice(0, part.from), ...part.offered],
				serviceLevelPct: [...old.serviceLevelPct.slice(0, part.from), ...part.serviceLevelPct]
			};
			return { ...c, intraday };
		})
	};
}
