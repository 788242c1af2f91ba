import type { AgentRow } from '$lib/types/realtime';

/** Sorting and filtering of the live agent list (browser-safe, pure). */
export type AgentSortKey = 'agentId' | 'teamId' | 'state' | 'inState' | 'held' | 'handledToday' | 'ahtTodayMs';

const STATE_ORDER: Record<AgentRow['state'], number> = { break: 0, acw: 1, on_contact: 2, available: 3 };

export function sortAgents(rows: AgentRow[], key: AgentSortKey, desc: boolean, nowMs: number): AgentRow[] {
	const val = (r: AgentRow): number | string => {
		switch (key) {
			case 'agentId':
				return r.agentId;
			case 'teamId':
				return r.teamId;
			case 'state':
				return STATE_ORDER[r.state];
			case 'inState':
				return nowMs - r.sinceMs;
			case 'held':
				return r.maxConcurrency > 0 ? r.held / r.maxConcurrency : r.held;
			case 'handledToday':
				return r.handledToday;
			case 'ahtTodayMs':
				return r.ahtTodayMs ?? -1;
		}
	};
	const sign = desc ? -1 : 1;
	return [...rows].sort((a, b) => {
		const x = val(a);
		const y = val(b);
		const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
		return c !== 0 ? sign * c : a.agentId.localeCompare(b.agentId);
	});
}

export function filterAgents(rows: AgentRow[], team: string, channel: string): AgentRow[] {
	return rows.filter((r) => (team === '' || r.teamId === team) && (channel === '' || r.channels.includes(channel)));
}

/** The rows a virtualised list renders: those in view plus `overscan` either side. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 4): { from: number; to: number } {
	const from = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
	const to = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
	return { from, to };
}
