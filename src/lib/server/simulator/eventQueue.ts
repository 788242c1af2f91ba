/**
 * Binary min-heap of timed actions, ordered by (time, insertion order) so that actions due at the
 * same millisecond run in the order they were scheduled — which makes a run independent of how
 * the caller slices time into `advance` calls.
 */
export interface Timed {
	t: number;
	s: number;
	run: () => void;
}

export class EventQueue {
	private heap: Timed[] = [];
	private seq = 0;

	get size(): number {
		return this.heap.length;
	}

	/** Time of the earliest action, or Infinity. */
	peekTime(): number {
		return this.heap.length > 0 ? this.heap[0].t : Infinity;
	}

	push(t: number, run: () => void): void {
		const item: Timed = { t, s: this.seq++, run };
		const h = this.heap;
		h.push(item);
		let i = h.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!less(h[i], h[parent])) break;
			[h[i], h[parent]] = [h[parent], h[i]];
			i = parent;
		}
	}

	pop(): Timed | undefined {
		const h = this.heap;
		if (h.length === 0) return undefined;
		const top = h[0];
		const last = h.pop()!;
		if (h.length > 0) {
			h[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < h.length && less(h[l], h[m])) m = l;
				if (r < h.length && less(h[r], h[m])) m = r;
				if (m === i) break;
				[h[i], h[m]] = [h[m], h[i]];
				i = m;
			}
		}
		return top;
	}
}

function less(a: Timed, b: Timed): boolean {
	return a.t < b.t || (a.t === b.t && a.s < b.s);
}
