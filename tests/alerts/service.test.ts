/**
 * AlertService against an in-memory AlertStore (issue 23): what it sends is stored first, a step whose
 * write failed is sent once the write succeeds (not lost, not doubled), and a notice emitted but not
 * delivered before a restart is re-sent once, with the same id, by the next process.
 * The world is one chat contact fed through `extraItems`, under the default `chat-first-response`
 * rule only (levels at 30 / 60 / 180 s of waiting: alerts/rules/defaultRules.ts).
 */
import { describe, expect, it } from 'vitest';
import type { AlertRecord, NotificationLogEntry, Silence } from '../../alerts/index';
import { ALERTS_TOPIC_MAX, AlertService } from '../../src/lib/server/alerts/service';
import type { AlertSummary } from '../../src/lib/types/realtime';
import type { AlertStore, StoredAlertConfig } from '../../src/lib/server/alerts/store';
import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import { LiveState } from '../../src/lib/server/live/liveState';
import type { HistoryRow } from '../../src/lib/server/queries/alerts/types';
import { SEC, T0, chat, configWith } from './harness';

// a send's id is its intent's id (notify/fromIntent.ts), the id its log entry is stored under
type Op = { op: 'saveAlerts' | 'saveLog'; ids: string[] } | { op: 'send'; id: string; level: number };

/** Latest version per key, like the ReplacingMergeTree tables behind clickhouseAlertStore. */
function memoryStore(journal: Op[], failures: { saveLog?: (entries: NotificationLogEntry[]) => boolean } = {}) {
	const alerts = new Map<string, AlertRecord>();
	const log = new Map<string, NotificationLogEntry>();
	let config: StoredAlertConfig | null = { versionMs: T0, savedBy: 'test', config: JSON.stringify(configWith(['chat-first-response'])) };
	const store: AlertStore = {
		latestConfig: async () => config,
		saveConfig: async (c) => void (config = c),
		activeAlerts: async () => [...alerts.values()].map((a) => structuredClone(a)),
		logEntriesOfActiveAlerts: async () => [...log.values()].filter((e) => alerts.has(e.alertId)).map((e) => structuredClone(e)),
		silences: async () => [] as Silence[],
		saveSilence: async () => undefined,
		saveAlerts: async (rows) => {
			journal.push({ op: 'saveAlerts', ids: rows.map((a) => a.id) });
			for (const a of rows) alerts.set(a.id, structuredClone(a));
		},
		saveLogEntries: async (rows) => {
			if (failures.saveLog?.(rows)) throw new Error('storage down (test)');
			journal.push({ op: 'saveLog', ids: rows.map((e) => e.intentId) });
			for (const e of rows) log.set(e.logKey, structuredClone(e));
		},
		saveHistory: async (_rows: HistoryRow[]) => undefined,
		listAlerts: async () => ({ total: 0, records: [] }),
		historyOf: async () => []
	};
	return { store, log };
}

async function service(store: AlertStore, clock: { t: number }, journal: Op[]) {
	return AlertService.start({
		store,
		live: new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', clock.t),
		channels: DEFAULT_CHANNELS,
		settings: { locale: 'zh-CN', allowPrivateTargets: false, targets: [], routes: [], smtp: null, tickMs: 1000 },
		now: () => clock.t,
		extraItems: () => [chat('c1', T0)],
		publish: (m) => {
			if (m.type === 'alert-notification') journal.push({ op: 'send', id: m.id, level: Number(m.level) });
		},
		log: () => undefined
	});
}

/** The dispatcher delivers in-app jobs asynchronously: let its queue run. */
const settle = () => new Promise((r) => setTimeout(r, 50));

const sends = (journal: Op[]) => journal.filter((o): o is Extract<Op, { op: 'send' }> => o.op === 'send');

describe('AlertService with an AlertStore', () => {
	it('stores a step before it sends anything (persist before send)', async () => {
		const journal: Op[] = [];
		const { store } = memoryStore(journal);
		const clock = { t: T0 };
		const svc = await service(store, clock, journal);
		for (clock.t = T0; clock.t <= T0 + 65 * SEC; clock.t += SEC) await svc.tick();
		await settle();
		await svc.stop();
		// 65 s of waiting passes the 30 s (L1) and 60 s (L2) levels: one notice each
		expect(sends(journal).map((s) => s.level)).toEqual([1, 2]);
		for (const s of sends(journal)) {
			const at = journal.indexOf(s);
			const stored = journal.slice(0, at).some((o) => o.op === 'saveLog' && o.ids.includes(s.id));
			expect(stored, `notice ${s.id} was sent before its log entry was stored`).toBe(true);
		}
	});

	it('sends a step whose write failed once the write succeeds: exactly once, not lost, not doubled', async () => {
		const journal: Op[] = [];
		let down = true;
		const { store } = memoryStore(journal, { saveLog: () => down });
		const clock = { t: T0 };
		const svc = await service(store, clock, journal);
		for (clock.t = T0; clock.t <= T0 + 40 * SEC; clock.t += SEC) await svc.tick();
		await settle();
		// L1 is due at 30 s but storage refuses its log entry: nothing went out
		expect(sends(journal)).toEqual([]);
		down = false;
		clock.t += SEC;
		await svc.tick();
		await settle();
		for (let i = 0; i < 5; i++) {
			clock.t += SEC;
			await svc.tick();
		}
		await settle();
		await svc.stop();
		expect(sends(journal).map((s) => s.level)).toEqual([1]);
	});

	it('re-sends, after a restart, a notice stored as emitted but never recorded as delivered — once', async () => {
		const journal: Op[] = [];
		// the first process dies before its delivery record reaches storage: every write of a settled
		// (delivered) entry fails, as if the process ended right after sending
		let crashAfterSend = true;
		const { store, log } = memoryStore(journal, { saveLog: (entries) => crashAfterSend && entries.some((e) => e.status !== 'emitted') });
		const clock = { t: T0 };
		const first = await service(store, clock, journal);
		for (clock.t = T0; clock.t <= T0 + 35 * SEC; clock.t += SEC) await first.tick();
		await settle();
		await first.stop();
		expect(sends(journal).map((s) => s.level)).toEqual([1]);
		const firstId = sends(journal)[0].id;
		expect([...log.values()].map((e) => e.status)).toEqual(['emitted']);

		crashAfterSend = false;
		const second = await service(store, clock, journal);
		await settle();
		await second.stop();
		// the same notice (same id), once more, and now recorded as delivered
		expect(sends(journal).map((s) => s.id)).toEqual([firstId, firstId]);
		expect([...log.values()].map((e) => e.status)).not.toContain('emitted');

		const third = await service(store, clock, journal);
		await settle();
		await third.stop();
		expect(sends(journal)).toHaveLength(2);
	});

	it(`the alert topic carries at most ALERTS_TOPIC_MAX (${ALERTS_TOPIC_MAX}) open alerts and their total: under 64 kB with 5 000 chats past L1`, async () => {
		// 5 000 chats arrived over the last 50 s (10 a second): every one is past chat L1 (30 s) by T0 + 80 s
		const chats = Array.from({ length: 5000 }, (_, i) => chat(`c${i}`, T0 + Math.floor(i / 100) * SEC, { teamId: `T${i % 7}` }));
		const clock = { t: T0 + 80 * SEC };
		const published: { active: AlertSummary[]; total: number; activeJson?: string }[] = [];
		const svc = await AlertService.start({
			store: memoryStore([]).store,
			live: new LiveState(DEFAULT_CHANNELS, 'Asia/Shanghai', clock.t),
			channels: DEFAULT_CHANNELS,
			settings: { locale: 'zh-CN', allowPrivateTargets: false, targets: [], routes: [], smtp: null, tickMs: 1000 },
			now: () => clock.t,
			extraItems: () => chats,
			publish: (m) => {
				if (m.type === 'alerts-changed') published.push(m);
			},
			log: () => undefined
		});
		for (let i = 0; i < 3; i++, clock.t += SEC) await svc.tick();
		await svc.stop();
		expect(svc.active()).toHaveLength(5000);
		// the clocks run, so every tick publishes (a change), each bounded
		expect(published).toHaveLength(3);
		for (const m of published) {
			expect(m.total).toBe(5000);
			expect(m.active).toHaveLength(ALERTS_TOPIC_MAX);
			// the bytes the publisher sends (live/publisher.ts) — issue 24's bound is 64 kB a second
			const frame = `{"type":"alerts","total":${m.total},"active":${m.activeJson}}`;
			expect(JSON.parse(frame).active).toEqual(m.active);
			expect(Buffer.byteLength(frame)).toBeLessThan(64 * 1024);
		}
		// the first shown are the oldest at the highest level: the 100 chats that arrived first (c0…c99)
		expect(new Set(published[2].active.map((a) => a.item))).toEqual(new Set(chats.slice(0, ALERTS_TOPIC_MAX).map((c) => c.id)));
	});
});
