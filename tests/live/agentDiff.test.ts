import { describe, expect, it } from 'vitest';
import { agentDiff } from '../../src/lib/server/live/publisher';
import type { AgentRow } from '../../src/lib/types/realtime';

// The agent list's pushes are bounded (issue 18, decision 0070): the full list once, then only the rows
// that changed and the ids that left. Expected rows are the inputs themselves (no computation involved).
const row = (id: string, state: AgentRow['state'], held = 0): AgentRow => ({
	agentId: id,
	name: '',
	teamId: 'T1',
	teamName: '',
	state,
	reportedState: state,
	sinceMs: 0,
	channels: ['chat'],
	held,
	maxConcurrency: 3,
	handledToday: 0,
	ahtTodayMs: null
});

describe('agentDiff', () => {
	it('sends everything first, then only changes and removals', () => {
		const a = [row('a1', 'available'), row('a2', 'break'), row('a3', 'acw')];
		const first = agentDiff(null, a);
		expect(first.full).toBe(true);
		expect(first.upsert.map((r) => r.agentId)).toEqual(['a1', 'a2', 'a3']);
		// a1 takes a chat, a3 logs off (gone from the rows), a2 unchanged
		const second = agentDiff(first.next, [row('a1', 'on_contact', 1), row('a2', 'break')]);
		expect(second.full).toBe(false);
		expect(second.upsert).toEqual([row('a1', 'on_contact', 1)]);
		expect(second.remove).toEqual(['a3']);
		// nothing changed: nothing to send
		const third = agentDiff(second.next, [row('a1', 'on_contact', 1), row('a2', 'break')]);
		expect(third.upsert).toEqual([]);
		expect(third.remove).toEqual([]);
	});

	it('500 agents with one change cost one row', () => {
		const rows = Array.from({ length: 500 }, (_, i) => row(`a${i}`, 'available'));
		const base = agentDiff(null, rows);
		rows[250] = row('a250', 'break');
		const d = agentDiff(base.next, rows);
		expect(d.upsert.map((r) => r.agentId)).toEqual(['a250']);
		expect(JSON.stringify(d).length).toBeLessThan(JSON.stringify(base.upsert).length / 100);
	});
});
