/**
 * Remembers the event_ids stored within the lateness window, so that a resend is answered as a
 * duplicate and stores nothing. Ids are bucketed by the event's hour so that eviction is cheap.
 * Rebuilt from ClickHouse at start (see ../live/rebuild.ts), which is what makes dedup hold across
 * restarts and across a crash between write and ack.
 */
export class SeenIds {
	private ids = new Set<string>();
	private buckets = new Map<number, string[]>();

	has(id: string): boolean {
		return this.ids.has(id);
	}

	add(id: string, tsMs: number): void {
		if (this.ids.has(id)) return;
		this.ids.add(id);
		const b = Math.floor(tsMs / 3_600_000);
		let list = this.buckets.get(b);
		if (!list) this.buckets.set(b, (list = []));
		list.push(id);
	}

	delete(id: string): void {
		// rare (a failed write): the id stays in its bucket list, which is harmless
		this.ids.delete(id);
	}

	/** Forgets ids of events older than the window start. */
	evictBefore(tsMs: number): void {
		const limit = Math.floor(tsMs / 3_600_000);
		for (const [b, list] of this.buckets) {
			if (b < limit) {
				for (const id of list) this.ids.delete(id);
				this.buckets.delete(b);
			}
		}
	}

	get size(): number {
		return this.ids.size;
	}
}
