/**
 * Alert restore on the embedded engine (issue 24, decision 0105): a start loads the open alerts and
 * only those resolved alerts the engine still acts on — not the day's resolved alerts — and then
 * behaves exactly like the process that never stopped.
 *
 * Oracle: the uninterrupted service. Process A runs a scripted world of chats under the default
 * chat first-response rule (L1 30 s, L2 60 s, L3 180 s; digests wait 2 s and a group sends at most
 * every 30 s: alerts/rules/defaultRules.ts) and stores everything in chDB through
 * clickhouseAlertStore. At the restart instant B starts from that storage; from then on A and B see
 * the same world and clock, and every notice B sends must be one A sends, at the same tick.
 *
 * The world at the restart (T0 + 100 s): c1 still waiting (open, L2); c2 answered at 70 s (resolved,
 * its resolved notices sent: owes nothing, stays in storage); c3 answered at 99 s (resolved 1 s
 * before: its resolved notices are owed, the group waits 2 s); c4 resolved by hand at 50 s while
 * still waiting (suppresses a new episode until answered); c5 waiting, its L1 notice stored as
 * emitted but the delivery record never written (the process died): re-sent once by B.
 */
import { describe, expect, it } from 'vitest';
import type { NotificationLogEntry, OpenItem } from '../../alerts/index';
import { AlertService, type AlertServiceDeps } from '../../src/lib/server/alerts/service';
import { clickhouseAlertStore, type AlertStore } from '../../src/lib/server/alerts/store';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import { LiveState } from '../../src/lib/server/live/liveState';
import { useMigratedEngine } from '../helpers/migratedEngine';
import { SEC, T0, chat, configWith } from './harness';

const settle = () => new Promise((r) => setTimeout(r, 60));

function world(t: number): OpenItem[] {
	const items: OpenItem[] = [chat('c1', T0)];
	items.push(chat('c2', T0 + SEC, { teamId: 'T2', ...(t >= T0 + 70 * SEC ? { firstResponseAtMs: T0 + 70 * SEC, state: 'with_agent' } : {}) }));
	items.push(chat('c3', T0 + 2 * SEC, { teamId: 'T3', ...(t >= T0 + 99 * SEC ? { firstResponseAtMs: T0 + 99 * SEC, state: 'with_agent' } : {}) }));
	items.push(chat('c4', T0 + 3 * SEC, { teamId: 'T4', ...(t >= T0 + 130 * SEC ? { firstResponseAtMs: T0 + 130 * SEC, state: 'with_agent' } : {}) }));
	if (t >= T0 + 60 * SEC) items.push(chat('c5', T0 + 60 * SEC, { teamId: 'T5' }));
	return items;
}

interface Sent {
	atMs: number;
	id: string;
	level: number;
	text: string;
}

describe('alert restore from chDB', () => {
	const engine = useMigratedEngine();

	it('loads open alerts and the resolved ones still acting, then continues exactly like the process that never stopped', async () => {
		const base = clickhouseAlertStore(engine.client);
		await base.saveConfig({ versionMs: T0, savedBy: 'test', config: JSON.stringify(configWith(['chat-first-response'])) });
		// A's delivery records about c5 never reach storage (A "dies" right after sending c5's L1)
		const lost = (e: NotificationLogEntry) => e.status !== 'emitted' && e.alertId.includes(':c5@');
		const storeA: AlertStore = { ...base, saveLogEntries: (rows) => base.saveLogEntries(rows.filter((e) => !lost(e))) };
		const clock = { t: T0 };
		const logs: string[] = [];
		const deps = (store: AlertStore, sent: Sent[]): AlertServiceDeps => ({
			store,
			live: new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', T0),
			channels: DEFAULT_CHANNELS,
			settings: { locale: 'en', allowPrivateTargets: false, targets: [], routes: [], smtp: null, tickMs: 1000 },
			now: () => clock.t,
			extraItems: () => world(clock.t),
			publish: (m) => {
				if (m.type === 'alert-notification') sent.push({ atMs: clock.t, id: m.id, level: Number(m.level), text: JSON.stringify(m) });
			},
			log: (m) => logs.push(m)
		});
		const sentA: Sent[] = [];
		const a = await AlertService.start(deps(storeA, sentA));
		const restartAt = T0 + 100 * SEC;
		for (clock.t = T0; clock.t < restartAt; clock.t += SEC) {
			if (clock.t === T0 + 50 * SEC) {
				const c4 = a.active().find((x) => x.item === 'c4');
				expect(c4, 'c4 has an alert at 50 s (L1 at 30 s)').toBeDefined();
				await a.command({ type: 'resolve', alertId: c4!.id, by: 'li.supervisor' });
			} else await a.tick();
			await settle();
		}
		const stored = await base.listAlerts({ levels: [], channel: null, queue: null, states: [], fromMs: null, toMs: null }, { offset: 0, limit: 100 });

		// B starts from storage at the restart instant
		const sentB: Sent[] = [];
		logs.length = 0;
		const b = await AlertService.start(deps(base, sentB));
		const restoredLine = logs.find((l) => l.startsWith('alerts: '));
		// c1, c5 (open), c3 (owes resolved notices), c4 (suppressor): not c2, resolved and fully told
		expect(restoredLine).toMatch(/^alerts: 4 alert\(s\) restored \(2 open, 2 resolved still owing a notice or suppressing\)/);
		expect(stored.records.map((r) => r.labels.item).sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
		await settle();
		const resentAtStart = sentB.map((s) => s.id);
		// the emitted-but-unrecorded notice about c5 goes out again, once, with its id
		expect(resentAtStart).toHaveLength(1);
		expect(sentA.map((s) => s.id)).toContain(resentAtStart[0]);

		const fromA = sentA.length;
		for (clock.t = restartAt; clock.t <= T0 + 240 * SEC; clock.t += SEC) {
			await a.tick();
			await b.tick();
			await settle();
		}
		await a.stop();
		await b.stop();
		const strip = (xs: Sent[]) => xs.map((s) => ({ atMs: s.atMs, id: s.id, level: s.level, text: s.text }));
		const afterA = strip(sentA.slice(fromA));
		const afterB = strip(sentB.slice(1));
		// what followed: c3's resolved notice (102 s), c1's L3 (180 s), c4's new episode never (suppressed
		// until answered at 130 s, then answered), c5's L2 (120 s) and L3 (240 s)
		expect(afterA.length).toBeGreaterThanOrEqual(3);
		expect(afterB).toEqual(afterA);
		expect(b.active()).toEqual(a.active());

		// the inbox still lists the resolved alerts B never loaded, from storage
		const resolved = await b.inbox({ levels: [], channel: null, queue: null, states: ['resolved'], fromMs: null, toMs: null }, { offset: 0, limit: 50 });
		expect(resolved.rows.map((r) => r.item)).toContain('c2');
	}, 120_000);
});
