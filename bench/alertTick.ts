/**
 * npm run bench:alert-tick — what one alert tick costs the server's main thread with many open
 * contacts (issue 24: the 1 s tick took 31 % of the ingest thread in the 3 000 ev/s soak).
 *
 * The server's own `AlertService` (default rules for the default channels, `openItemsFrom`,
 * `aggregatesFrom`, persist-then-send, the alerts-changed summary for boards and inboxes) runs on a
 * virtual clock against an in-memory store (no storage I/O: the figure is the tick's CPU, not the
 * engine's), over a `LiveState` fed a steady, seeded flow of contacts that holds about --open
 * (default 5 000) contacts open: every second ≈ open ÷ 300 arrive on chat / phone / email / ticket,
 * two thirds are answered after 5 s – 4 min (so many cross L1/L2/L3 first), customers reply and
 * agents answer, and contacts close after their handle time. After --warmup virtual seconds (600) it
 * measures --seconds ticks (120) and prints:
 *
 *   tick CPU per second: <ms> ms (mean of the process's user+system CPU per tick; one tick a second)
 *   tick wall p50/p99/max
 *   open contacts, open alerts (by level), notifications sent in the measured window
 *
 * The machine may be shared: the load average is printed with the figure.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { AlertRecord, NotificationLogEntry, Silence } from '../alerts/index';
import { AlertService, alertConfigFromChannels } from '../src/lib/server/alerts/service';
import type { AlertStore, StoredAlertConfig } from '../src/lib/server/alerts/store';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../src/lib/server/config/defaults';
import type { ContactEvent, ContactEventType } from '../src/lib/server/ingest/contract';
import { LiveState } from '../src/lib/server/live/liveState';

const { values: args } = parseArgs({
	options: {
		open: { type: 'string', default: '5000' },
		warmup: { type: 'string', default: '600' },
		seconds: { type: 'string', default: '120' },
		seed: { type: 'string', default: '24' }
	}
});
const OPEN = Number(args.open);
const WARMUP = Number(args.warmup);
const SECONDS = Number(args.seconds);
let seed = Number(args.seed) >>> 0 || 1;
if (!(OPEN > 0) || !(WARMUP >= 0) || !(SECONDS > 0)) throw new Error('--open and --seconds must be > 0, --warmup ≥ 0');

/** mulberry32: a seeded PRNG so every run sees the same world. */
function rnd(): number {
	seed = (seed + 0x6d2b79f5) >>> 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const T0 = Date.parse('2026-11-11T10:00:00+08:00');
const channels = DEFAULT_CHANNELS;
let eventSeq = 0;
function ev(type: ContactEventType, tsMs: number, contactId: string, channel: string, queue: string, extra: Partial<ContactEvent> = {}): ContactEvent {
	return {
		kind: 'contact',
		eventId: `e${++eventSeq}`,
		tsMs,
		type,
		contactId,
		channel,
		queue,
		agentId: '',
		teamId: '',
		priority: 0,
		customerId: '',
		toQueue: '',
		toAgentId: '',
		csat: null,
		nps: null,
		category: '',
		tier: '',
		attrs: '',
		...extra
	};
}

function memoryStore(): AlertStore {
	const alerts = new Map<string, AlertRecord>();
	const log = new Map<string, NotificationLogEntry>();
	const config: StoredAlertConfig = { versionMs: T0, savedBy: 'bench', config: JSON.stringify(alertConfigFromChannels(channels)) };
	return {
		latestConfig: async () => config,
		saveConfig: async () => undefined,
		activeAlerts: async () => [],
		logEntriesOfActiveAlerts: async () => [],
		silences: async () => [] as Silence[],
		saveSilence: async () => undefined,
		saveAlerts: async (rows) => {
			for (const a of rows) alerts.set(a.id, a);
		},
		saveLogEntries: async (rows) => {
			for (const e of rows) log.set(e.logKey, e);
		},
		saveHistory: async () => undefined,
		listAlerts: async () => ({ total: 0, records: [] }),
		historyOf: async () => []
	};
}

const clock = { t: T0 };
const live = new LiveState(channels, 'Asia/Shanghai', T0);
let notices = 0;
const svc = await AlertService.start({
	store: memoryStore(),
	live,
	channels,
	settings: { locale: 'zh-CN', allowPrivateTargets: false, targets: [], routes: [], smtp: null, tickMs: 1000 },
	now: () => clock.t,
	publish: (m) => {
		if (m.type === 'alert-notification') notices++;
	},
	log: (m) => console.error(m)
});

// the world: what happens to each contact, scheduled by second
const schedule = new Map<number, ContactEvent[]>();
const at = (sec: number, e: ContactEvent) => {
	const list = schedule.get(sec);
	if (list) list.push(e);
	else schedule.set(sec, [e]);
};
const CHANNEL_MIX = ['chat', 'chat', 'chat', 'chat', 'chat', 'phone', 'phone', 'email', 'ticket'];
let contactSeq = 0;
function arrivals(sec: number): void {
	const n = OPEN / 300;
	const count = Math.floor(n) + (rnd() < n - Math.floor(n) ? 1 : 0);
	for (let i = 0; i < count; i++) {
		const id = `k${++contactSeq}`;
		const channel = pick(CHANNEL_MIX);
		const queue = pick(DEFAULT_QUEUES).id;
		const team = `T${1 + Math.floor(rnd() * 8)}`;
		const agent = `A${1 + Math.floor(rnd() * 200)}`;
		const t = T0 + sec * 1000 + Math.floor(rnd() * 1000);
		at(sec, ev('contact.arrived', t, id, channel, queue, { teamId: team, priority: rnd() < 0.1 ? 1 : 0 }));
		// a third wait until they leave: answered late or abandoned after up to 10 min
		const lifeSec = 60 + Math.floor(rnd() * 540);
		if (rnd() < 2 / 3) {
			const waitSec = 5 + Math.floor(rnd() * 235);
			at(sec + waitSec, ev('contact.answered', t + waitSec * 1000, id, channel, queue, { agentId: agent, teamId: team }));
			for (let k = waitSec + 20; k < lifeSec - 10; k += 40 + Math.floor(rnd() * 40)) {
				at(sec + k, ev('contact.customer_replied', t + k * 1000, id, channel, queue));
				const reply = k + 5 + Math.floor(rnd() * 60);
				if (reply < lifeSec) at(sec + reply, ev('contact.agent_replied', t + reply * 1000, id, channel, queue, { agentId: agent }));
			}
			at(sec + Math.max(lifeSec, waitSec + 1), ev('contact.resolved', t + Math.max(lifeSec, waitSec + 1) * 1000, id, channel, queue, { agentId: agent }));
		} else {
			at(sec + lifeSec, ev('contact.abandoned', t + lifeSec * 1000, id, channel, queue));
		}
	}
}

const cpuMs: number[] = [];
const wallMs: number[] = [];
const noticesBefore = { n: 0 };
for (let sec = 0; sec < WARMUP + SECONDS; sec++) {
	arrivals(sec);
	clock.t = T0 + sec * 1000;
	for (const e of schedule.get(sec) ?? []) live.apply(e, clock.t);
	schedule.delete(sec);
	clock.t = T0 + sec * 1000 + 999;
	if (sec === WARMUP) noticesBefore.n = notices;
	const c0 = process.cpuUsage();
	const w0 = performance.now();
	await svc.tick();
	const w = performance.now() - w0;
	const c = process.cpuUsage(c0);
	if (sec >= WARMUP) {
		cpuMs.push((c.user + c.system) / 1000);
		wallMs.push(w);
	}
	if (sec % 60 === 0) live.prune(clock.t, 3_600_000);
}
await new Promise((r) => setTimeout(r, 100));
await svc.stop();

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const active = svc.active();
const byLevel = [0, 1, 2, 3].map((l) => active.filter((a) => a.level === l).length);
console.log(`bench:alert-tick — ${SECONDS} ticks after ${WARMUP} s warm-up, seed ${args.seed}`);
console.log(`open contacts ${live.contacts.size}; open alerts ${active.length} (pending ${byLevel[0]}, L1 ${byLevel[1]}, L2 ${byLevel[2]}, L3 ${byLevel[3]}); in-app notices in the window ${notices - noticesBefore.n}`);
console.log(`tick CPU per second: ${mean(cpuMs).toFixed(1)} ms (p50 ${pct(cpuMs, 0.5).toFixed(1)}, p99 ${pct(cpuMs, 0.99).toFixed(1)}) at ${live.contacts.size} open contacts`);
console.log(`tick wall: p50 ${pct(wallMs, 0.5).toFixed(1)} ms, p99 ${pct(wallMs, 0.99).toFixed(1)} ms, max ${Math.max(...wallMs).toFixed(1)} ms`);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (shared machine: compare runs at similar load)`);
