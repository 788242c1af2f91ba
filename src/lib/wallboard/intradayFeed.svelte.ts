import type { IntradayChannelView } from '$lib/types/intraday';

/** How often the board asks for the intraday view (the re-forecast changes every 15 minutes, the staffing gap with every agent state). */
const POLL_MS = 10_000;

/**
 * The board's intraday views per channel, polled from GET /api/v1/intraday while at least one
 * component uses it (the chart and the tiles share one poll). Reading never computes a forecast:
 * the server answers from its last re-forecast.
 */
class IntradayFeed {
	views: Record<string, IntradayChannelView> = $state({});
	private users = 0;
	private timer: ReturnType<typeof setInterval> | undefined;

	/** Starts polling on first use; returns the function that ends this use. */
	use(): () => void {
		if (this.users++ === 0) {
			void this.load();
			this.timer = setInterval(() => void this.load(), POLL_MS);
		}
		return () => {
			if (--this.users === 0) clearInterval(this.timer);
		};
	}

	async load(): Promise<void> {
		try {
			const res = await fetch('/api/v1/intraday');
			if (!res.ok) return;
			const body = (await res.json()) as { channels: IntradayChannelView[] };
			this.views = Object.fromEntries(body.channels.map((c) => [c.channel, c]));
		} catch {
			/* offline: keep the last views; the board's connection badge says so */
		}
	}
}

export const intradayFeed = new IntradayFeed();
