/**
 * Names, not ids (issue 18): the names an agent.state carries (`name`, `team_name`: extra fields the
 * contract keeps in attrs, docs/events.md) reach the live agent list and the drill-down's team rows;
 * a later event without them keeps them; an agent never named shows '' (the board then shows its id,
 * marked). Expected values are the names sent.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import { validateEvent, type IngestEvent } from '../../src/lib/server/ingest/contract';
import { LiveState } from '../../src/lib/server/live/liveState';

const NOW = Date.parse('2026-11-23T04:00:00Z');
const ctx = { channels: new Set(DEFAULT_CHANNELS.map((c) => c.id)), queues: new Set(['presale']), nowMs: NOW, maxLatenessSec: 86400, maxFutureSkewSec: 300 };
let n = 0;
function agent(fields: Record<string, unknown>, agoSec: number): IngestEvent {
	const r = validateEvent({ event_id: `n${++n}`, type: 'agent.state', ts: NOW - agoSec * 1000, channels: ['chat'], max_concurrency: 3, ...fields }, ctx);
	if (Array.isArray(r)) throw new Error(JSON.stringify(r));
	return r;
}

describe('agent and team names on the board', () => {
	it('come from agent.state name / team_name and survive a later event without them', () => {
		const live = new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', NOW);
		live.apply(agent({ agent_id: 'a1', team_id: 'T1', state: 'available', name: '王静', team_name: '在线一组' }, 60), NOW);
		live.apply(agent({ agent_id: 'a1', team_id: 'T1', state: 'break' }, 30), NOW); // no names this time
		live.apply(agent({ agent_id: 'a2', team_id: 'T1', state: 'available' }, 20), NOW); // never named
		const rows = live.agentRows().sort((a, b) => a.agentId.localeCompare(b.agentId));
		expect(rows.map((r) => [r.agentId, r.name, r.teamName])).toEqual([
			['a1', '王静', '在线一组'],
			['a2', '', '在线一组']
		]);
		const team = live.drill('chat', NOW)!.teams.find((t) => t.id === 'T1')!;
		expect(team.name).toBe('在线一组');
	});
});
