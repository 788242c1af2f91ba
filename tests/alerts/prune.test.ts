/**
 * Housekeeping (alerts/pipeline/prune.ts): resolved alerts leave the state after the retention or,
 * beyond RESOLVED_HELD_MAX held, oldest first; nothing that is owed, awaiting delivery or
 * suppressing ever leaves early; and a level is still notified exactly once.
 * Expected counts come from the constructed states (worked out by hand in the comments) and, for
 * the engine run, from the scenario's own arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { emptyState, type AlertRecord, type EngineState, type NotificationLogEntry } from '../../alerts/index';
import { OUTBOX_MAX_AGE_MS, RESOLVED_HELD_MAX, pruneState } from '../../alerts/pipeline/prune';
import { MIN, SEC, T0, chat, createEngine, notices, simulate } from './harness';

function record(id: string, status: AlertRecord['status'], resolvedAtMs: number | null, extra: Partial<AlertRecord> = {}): AlertRecord {
	return {
		id,
		key: `c:chat-first-response:${id}`,
		ruleId: 'chat-first-response',
		ruleName: '聊天首次响应超时',
		kind: 'contact',
		labels: { channel: 'chat', item: id },
		status,
		level: 1,
		pendingLevel: 0,
		startedAtMs: T0,
		levelReachedAtMs: { '1': T0 },
		updatedAtMs: resolvedAtMs ?? T0,
		value: { clockMs: 31 * SEC, thresholdMs: 30 * SEC, metricValue: null, threshold: null },
		ack: null,
		clearSinceMs: null,
		resolvedAtMs,
		resolvedBy: resolvedAtMs === null ? null : 'system',
		resolveReason: resolvedAtMs === null ? null : 'item_gone',
		suppressUntilClear: false,
		mutedBy: [],
		...extra
	};
}

function logEntry(alertId: string, status: NotificationLogEntry['status'], emittedAtMs: number): NotificationLogEntry {
	return {
		logKey: `${alertId}|firing|L1|team:T1`,
		alertId,
		alertKey: `c:chat-first-response:${alertId}`,
		ruleId: 'chat-first-response',
		kind: 'firing',
		level: 1,
		seq: 0,
		recipient: { key: 'team:T1', type: 'team', teamId: 'T1', channel: 'chat', id: null },
		groupKey: 'team:T1|channel=chat|L1',
		intentId: `i-${alertId}`,
		emittedAtMs,
		status,
		settledAtMs: status === 'emitted' ? null : emittedAtMs,
		error: null
	};
}

function stateOf(alerts: AlertRecord[], log: NotificationLogEntry[]): EngineState {
	const s = emptyState();
	for (const a of alerts) s.alerts[a.id] = a;
	for (const e of log) s.log[e.logKey] = e;
	return s;
}

const NOW = T0 + 10 * MIN;
const HOUR = 60 * MIN;

describe('pruneState', () => {
	it('drops resolved alerts past the retention with their log entries, and keeps the rest', () => {
		const s = stateOf(
			[record('old', 'resolved', NOW - HOUR), record('young', 'resolved', NOW - HOUR + 1), record('open', 'firing', null)],
			[logEntry('old', 'delivered', NOW - HOUR - MIN), logEntry('young', 'delivered', NOW - HOUR - MIN)]
		);
		const pruned = pruneState(s, { resolvedRetentionMs: HOUR, groupIntervalMs: 30 * SEC, owedAlertIds: new Set(), nowMs: NOW });
		// 'old' resolved exactly one hour ago (≥ retention); 'young' 1 ms less
		expect(pruned).toEqual(['old']);
		expect(Object.keys(s.alerts).sort()).toEqual(['open', 'young']);
		expect(Object.values(s.log).map((e) => e.alertId)).toEqual(['young']);
	});

	it('beyond the cap drops the oldest resolutions down to 90 % of it, never what is held for a reason', () => {
		// ten plain resolved alerts r1…r10 resolved 10…1 min ago, all well within the hour's retention
		const plain = Array.from({ length: 10 }, (_, i) => record(`r${i + 1}`, 'resolved', NOW - (10 - i) * MIN));
		const held = [
			// older than every plain one, but each held for a reason the cap must respect
			record('suppressing', 'resolved', NOW - 20 * MIN, { suppressUntilClear: true }),
			record('owed', 'resolved', NOW - 20 * MIN),
			record('awaiting', 'resolved', NOW - 20 * MIN),
			record('open', 'firing', null)
		];
		const s = stateOf([...held, ...plain], [logEntry('awaiting', 'emitted', NOW - 21 * MIN), logEntry('r1', 'delivered', NOW - 11 * MIN), logEntry('r9', 'delivered', NOW - 2 * MIN)]);
		const pruned = pruneState(s, { resolvedRetentionMs: HOUR, groupIntervalMs: 30 * SEC, owedAlertIds: new Set(['owed']), nowMs: NOW, maxResolvedHeld: 5 });
		// droppable: 10 plain + 'awaiting' = 11 > cap 5; 'awaiting' is held by its undelivered notice,
		// so 10 free; keep floor(5 × 0.9) = 4 newest (r7…r10), drop the 6 oldest (r1…r6)
		expect(pruned.sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
		expect(Object.keys(s.alerts).sort()).toEqual(['awaiting', 'open', 'owed', 'r10', 'r7', 'r8', 'r9', 'suppressing']);
		// r1's log entry went with it; r9's and the undelivered one stay
		expect(Object.values(s.log).map((e) => e.alertId).sort()).toEqual(['awaiting', 'r9']);
	});

	it('at or under the cap drops nothing before the retention', () => {
		const s = stateOf(Array.from({ length: 5 }, (_, i) => record(`r${i}`, 'resolved', NOW - MIN)), []);
		expect(pruneState(s, { resolvedRetentionMs: HOUR, groupIntervalMs: 30 * SEC, owedAlertIds: new Set(), nowMs: NOW, maxResolvedHeld: 5 })).toEqual([]);
		expect(Object.keys(s.alerts)).toHaveLength(5);
	});

	it('an undelivered notice holds its alert only for OUTBOX_MAX_AGE_MS', () => {
		const s = stateOf([record('a', 'resolved', NOW - 2 * HOUR)], [logEntry('a', 'emitted', NOW - OUTBOX_MAX_AGE_MS)]);
		expect(pruneState(s, { resolvedRetentionMs: HOUR, groupIntervalMs: 30 * SEC, owedAlertIds: new Set(), nowMs: NOW })).toEqual(['a']);
	});
});

describe('the engine under a steady stream of per-contact alerts', () => {
	it(`holds at most RESOLVED_HELD_MAX (${RESOLVED_HELD_MAX}) resolved alerts and still notifies each level exactly once`, () => {
		// Scenario: from T0, 30 chats a second for 100 s (3 000 chats), each answered (gone from the
		// snapshot) 32 s after arriving: chat-first-response's L1 is 30 s (alerts/rules/defaultRules.ts),
		// so every chat raises L1 once, at 30 s, and resolves at 32 s. With the hour's retention and no
		// cap all 3 000 would be held at the end.
		const PER_SEC = 30;
		const ARRIVING_MS = 100 * SEC;
		const WAIT_MS = 32 * SEC;
		const chats = Array.from({ length: PER_SEC * (ARRIVING_MS / SEC) }, (_, i) => chat(`c${i}`, T0 + Math.floor(i / PER_SEC) * SEC));
		const world = { items: (now: number) => chats.filter((c) => c.arrivedAtMs <= now && now < c.arrivedAtMs + WAIT_MS) };
		const engine = createEngine(['chat-first-response'], { grouping: { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 0 } });
		const run = simulate(engine, world, T0, T0 + ARRIVING_MS + WAIT_MS + 5 * SEC);
		const held = Object.values(run.state.alerts);
		expect(held.every((a) => a.status === 'resolved')).toBe(true);
		expect(held.length).toBeLessThanOrEqual(RESOLVED_HELD_MAX);
		// at least the low-water mark is held, and they are the newest resolutions
		expect(held.length).toBeGreaterThanOrEqual(Math.floor(RESOLVED_HELD_MAX * 0.9));
		const newest = `c:chat-first-response:c${chats.length - 1}`;
		expect(held.some((a) => a.key === newest)).toBe(true);
		// exactly one L1 notice and one resolved notice per chat, even for the alerts pruned early
		const fired = notices(run.intents, 'firing', 1).map((n) => n.alertKey);
		const resolved = notices(run.intents, 'resolved').map((n) => n.alertKey);
		expect(fired.length).toBe(chats.length);
		expect(new Set(fired).size).toBe(chats.length);
		expect(resolved.length).toBe(chats.length);
		expect(new Set(resolved).size).toBe(chats.length);
	});
});
